/**
 * Containers must not keep the caller's process alive between invocations: a script or a test
 * runner that forgets `dispose()` still exits. Checked in a real child process (the runtime
 * bundled with esbuild, since Node 20 cannot import its TypeScript), which must end by itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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

function runScript(body: string, env: NodeJS.ProcessEnv = process.env) {
  const script = join(dir, `script-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(script, body);
  return spawnSync(process.execPath, [script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
    timeout: 20_000,
    env,
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

describe('a Lambda runtime whose Node.js cannot be had', () => {
  it.runIf(process.platform !== 'win32')(
    'runs on the host Node.js and says so once, naming the version that runs instead',
    () => {
      // An empty cache and an npm that cannot reach the registry.
      const bin = join(dir, 'offline-bin');
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, 'npm'), '#!/bin/sh\necho "npm error code ENOTFOUND" >&2\nexit 1\n');
      chmodSync(join(bin, 'npm'), 0o755);
      const event = JSON.stringify(loadEvent('viewer-request'));
      const handler = JSON.stringify(handlerPath('pass-through.mjs'));
      const run = runScript(
        `
        import { createFunction } from './runtime.mjs';
        const event = ${event};
        for (const name of ['one', 'two']) {
          const fn = createFunction(${handler}, { runtime: 'nodejs24.x', functionName: name });
          const outcome = await fn.invoke(event);
          console.log(outcome.kind);
          await fn.dispose();
        }
      `,
        {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          XDG_CACHE_HOME: join(dir, 'empty-cache'),
        },
      );
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim().split('\n')).toEqual(['request', 'request']);
      const said = run.stderr.split('\n').filter((line) => line.includes('could not be had'));
      expect(said).toHaveLength(1);
      expect(said[0]).toContain("one: the nodejs24.x runtime's Node.js could not be had");
      expect(said[0]).toContain('ENOTFOUND');
      expect(said[0]).toContain(`this machine's Node.js ${process.version} instead`);
    },
  );
});

describe('a parent killed outright (SIGKILL)', () => {
  it.runIf(process.platform === 'linux')(
    'takes its containers with it, even one stuck in synchronous code',
    async () => {
      const pidfile = join(dir, 'stuck.pid');
      const event = loadEvent('viewer-request');
      event.Records[0].cf.request.querystring = `pidfile=${encodeURIComponent(pidfile)}`;
      const script = join(dir, 'stuck.mjs');
      writeFileSync(
        script,
        `
        import { createFunction } from './runtime.mjs';
        const fn = createFunction(${JSON.stringify(handlerPath('pid-then-loop.mjs'))});
        await fn.invoke(${JSON.stringify(event)});
      `,
      );
      const parent = spawn(process.execPath, [script], { stdio: 'ignore' });
      await expect.poll(() => existsSync(pidfile), { timeout: 15_000 }).toBe(true);
      const container = Number(readFileSync(pidfile, 'utf8'));
      expect(isRunning(container)).toBe(true);
      parent.kill('SIGKILL');
      await expect.poll(() => isRunning(container), { timeout: 5_000 }).toBe(false);
    },
  );
});

/** Alive and not a zombie waiting to be reaped (the state field of /proc/<pid>/stat). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
