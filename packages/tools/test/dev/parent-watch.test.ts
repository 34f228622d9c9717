/**
 * `edge dev` under `pnpm dev` stops when pnpm is stopped alone (pnpm does not pass SIGTERM on to
 * the shell it runs the script in). Checked with a real process tree: launcher → sh → node.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'edge-parent-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onLauncherExit', () => {
  it.runIf(process.platform !== 'win32')(
    'tells a process whose launcher ended, within a second or two',
    async () => {
      const gone = join(dir, 'gone');
      const script = join(dir, 'watcher.mjs');
      await build({
        stdin: {
          contents: `import { onLauncherExit } from ${JSON.stringify(fileURLToPath(new URL('../../src/dev/parent-watch.ts', import.meta.url)))};
import { writeFileSync } from 'node:fs';
onLauncherExit(() => { writeFileSync(${JSON.stringify(gone)}, 'gone'); process.exit(0); });
setInterval(() => {}, 1000);`,
          resolveDir: dir,
          loader: 'ts',
        },
        outfile: script,
        bundle: true,
        format: 'esm',
        platform: 'node',
        logLevel: 'warning',
      });
      // The launcher (pnpm's place) runs a shell that runs node, as `pnpm dev` does.
      const launcher = join(dir, 'launcher.mjs');
      writeFileSync(
        launcher,
        `import { spawn } from 'node:child_process';
spawn('sh', ['-c', ${JSON.stringify(`"${process.execPath}" "${script}"; true`)}], { stdio: 'ignore' });
setInterval(() => {}, 1000);`,
      );
      const started = spawn(process.execPath, [launcher], { stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(existsSync(gone)).toBe(false);
      started.kill('SIGTERM');
      await expect.poll(() => existsSync(gone), { timeout: 5_000, interval: 50 }).toBe(true);
    },
  );
});
