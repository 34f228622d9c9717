#!/usr/bin/env node
// `pnpm dev` in a fresh four-trigger project, from launch to the first 200 through all four
// triggers, against miniflare serving a hello-world worker from launch to its first 200.
// Both are launched the same way (`pnpm dev`, the miniflare side's script being a few lines
// that start Miniflare on a port) and polled by the same client every 20 ms. Printed as
// medians and their ratio, never asserted. Target: at most 1.0x miniflare.
// BENCH_QUICK=1 (CI): one launch of each.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, type } from 'node:os';
import { join } from 'node:path';
import { isMain, median } from './lib.mjs';
import { freshProject, PNPM } from './project.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const LAUNCHES = QUICK ? 1 : 5;
const POLL_MS = 20;
const GIVE_UP_MS = 120_000;

const require = createRequire(import.meta.url);

/** A directory whose `pnpm dev` serves a hello-world worker with miniflare on PORT. */
function miniflareProject() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-miniflare-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'hello-worker', private: true, scripts: { dev: 'node serve.mjs' } }),
  );
  writeFileSync(
    join(dir, 'serve.mjs'),
    `import { Miniflare } from ${JSON.stringify(require.resolve('miniflare'))};
const mf = new Miniflare({
  modules: true,
  script: 'export default { fetch() { return new Response("Hello World!"); } };',
  host: '127.0.0.1',
  port: Number(process.env.PORT),
});
await mf.ready;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => mf.dispose().then(() => process.exit(0)));
`,
  );
  return dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Launches `pnpm dev` in `dir`; resolves with the time to the first 200 on `/`. */
async function timeToFirst200(dir, args, check) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [PNPM, 'dev', ...args(port)], {
    cwd: dir,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  try {
    for (;;) {
      if (performance.now() - started > GIVE_UP_MS || child.exitCode !== null) {
        throw new Error(`no 200 from pnpm dev in ${dir}:\n${output}`);
      }
      const response = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
      if (response?.status === 200) {
        const elapsed = performance.now() - started;
        check(response, await response.text());
        return elapsed;
      }
      await response?.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    const exited = new Promise((resolve) => child.once('close', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Ended already.
    }
  }
}

export async function run() {
  const project = await freshProject();
  const worker = miniflareProject();
  const edge = [];
  const miniflare = [];
  const sides = {
    edge: () =>
      timeToFirst200(
        project,
        (port) => ['--port', String(port)],
        (response) => {
          // Through the four triggers: the viewer-response starter marks it.
          if (response.headers.get('x-handled-by') !== 'lambda-edge') {
            throw new Error('the response did not go through the viewer-response trigger');
          }
        },
      ).then((ms) => edge.push(ms)),
    miniflare: () =>
      timeToFirst200(
        worker,
        () => [],
        (_response, body) => {
          if (body !== 'Hello World!') throw new Error(`miniflare answered ${body}`);
        },
      ).then((ms) => miniflare.push(ms)),
  };
  try {
    // One launch each to warm the file system caches, not counted.
    await sides.edge();
    await sides.miniflare();
    edge.length = 0;
    miniflare.length = 0;
    for (let i = 0; i < LAUNCHES; i++) {
      const order = i % 2 === 0 ? ['edge', 'miniflare'] : ['miniflare', 'edge'];
      for (const side of order) await sides[side]();
    }
  } finally {
    rmSync(worker, { recursive: true, force: true });
  }
  const edgeMs = median(edge);
  const miniflareMs = median(miniflare);
  console.log(`launch to first 200, median of ${LAUNCHES} alternating launches (${type()}):`);
  console.log(`  pnpm dev, four triggers      ${edgeMs.toFixed(0).padStart(6)} ms`);
  console.log(`  miniflare, hello world       ${miniflareMs.toFixed(0).padStart(6)} ms`);
  console.log(
    `  ratio                        ${(edgeMs / miniflareMs).toFixed(2)}x  (target <= 1.0x)`,
  );
  return { edgeMs, miniflareMs };
}

if (isMain(import.meta.url)) await run();
