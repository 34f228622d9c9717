/**
 * Containers must not keep the caller's process alive between invocations: a script or a test
 * runner that forgets `dispose()` still exits. Checked in a real child process (the runtime
 * bundled with esbuild, since Node 20 cannot import its TypeScript), which must end by itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerPath, loadEvent } from './support.ts';

// Inside the package, so that the bundle's bare imports (esbuild) resolve from its node_modules.
const cache = fileURLToPath(new URL('../../node_modules/.cache', import.meta.url));
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'edge-lifetime-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
    outfile: join(dir, 'runtime.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    // The workspace's own packages are TypeScript: inlined. The rest stays a dependency.
    plugins: [
      {
        name: 'external-dependencies',
        setup(bundler) {
          bundler.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@edge-app/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
    logLevel: 'warning',
  });
  // The container entry is found beside the running module, as in the published package.
  await build({
    entryPoints: [fileURLToPath(new URL('../../src/invoke/container/main.ts', import.meta.url))],
    outfile: join(dir, 'container.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
}, 60_000);

function runScript(body: string) {
  const script = join(dir, `script-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(script, body);
  return spawnSync(process.execPath, [script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('a function that is never disposed', () => {
  it('lets the process exit once its invocations are done, logs included', () => {
    const event = JSON.stringify(loadEvent('viewer-request'));
    const run = runScript(`
      import { createFunction } from './runtime.mjs';
      const fn = createFunction(${JSON.stringify(handlerPath('logs.mjs'))}, { eventType: 'viewer-request' });
      const first = await fn.invoke(${event});
      const second = await fn.invoke(${event});
      console.log(JSON.stringify({ kinds: [first.kind, second.kind], logs: second.logs.length }));
    `);
    expect(run.error, 'the child did not exit by itself within 20 s').toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
    expect(summary.kinds).toEqual(['request', 'request']);
    expect(summary.logs).toBeGreaterThan(0);
  });
});
