#!/usr/bin/env node
// `pnpm demo [-- --port <n>]`: builds the repository (`pnpm build`, with a line of progress
// whenever the build has been quiet for a few seconds: a package's tsc declarations take
// ten seconds and more), then the built CLI creates a project with all four triggers in a
// fresh temporary directory outside this repository, installs it, and serves it with
// `pnpm dev` in the foreground (on http://localhost:8787, or the port given). Ctrl-C stops
// the server; the project stays in the printed directory to look at.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pnpmCommand } from './pnpm.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages', 'create-edge-app', 'bin', 'create-edge-app.js');
/** How long the build may be quiet before a progress line says it is still at work. */
const QUIET_MS = 4000;

function options() {
  // pnpm passes `--` on to the script: `pnpm demo -- --port 3000`.
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  try {
    const { values } = parseArgs({
      args,
      options: { port: { type: 'string', short: 'p' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log('Usage: pnpm demo [-- --port <n>]');
      process.exit(0);
    }
    const port = values.port === undefined ? 8787 : Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new Error(`--port ${values.port} is not a port number (1 to 65535).`);
    }
    return { port };
  } catch (error) {
    console.error(`demo: ${error.message}\nUsage: pnpm demo [-- --port <n>]`);
    process.exit(1);
  }
}

/** `pnpm build`, its output passed on, and a progress line whenever it has been quiet. */
function build() {
  return new Promise((resolve) => {
    const started = Date.now();
    const [command, args] = pnpmCommand(['build']);
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let quietSince = Date.now();
    let step = 'starting';
    const seconds = (from) => `${Math.round((Date.now() - from) / 1000)} s`;
    const pass = (stream) => (chunk) => {
      stream.write(chunk);
      quietSince = Date.now();
      const building = [...String(chunk).matchAll(/^(packages\/\S+) build\$/gm)].at(-1);
      if (building) step = building[1];
    };
    child.stdout.on('data', pass(process.stdout));
    child.stderr.on('data', pass(process.stderr));
    const ticker = setInterval(() => {
      if (Date.now() - quietSince < QUIET_MS) return;
      console.log(`demo: still building ${step} (build running ${seconds(started)})…`);
      quietSince = Date.now();
    }, 500);
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) console.log(`demo: built in ${seconds(started)}`);
      resolve(code ?? 1);
    });
  });
}

const { port } = options();
console.log('demo: building the repository (pnpm build)…');
const built = await build();
if (built !== 0) {
  console.error(`\ndemo: pnpm build exited with ${built}; see above.`);
  process.exit(built);
}

const workDir = mkdtempSync(join(tmpdir(), 'edge-app-demo-'));
const project = join(workDir, 'edge-demo');
console.log(`\ndemo: creating ${project} with the built CLI\n`);
const created = spawnSync(
  process.execPath,
  [cli, 'edge-demo', '--yes', '--triggers', 'all', '--no-git'],
  { cwd: workDir, stdio: ['ignore', 'inherit', 'inherit'] },
);
if (created.status !== 0) {
  console.error(`\ndemo: create-edge-app exited with ${created.status}; see above.`);
  process.exit(created.status ?? 1);
}

const [command, args] = pnpmCommand(['dev', '--port', String(port)]);
console.log(`
demo: serving ${project}
      on http://localhost:${port} (viewer-request → cache → origin-request → public/ → origin-response → viewer-response)
      try, in another terminal:  curl -i http://localhost:${port}/
      Ctrl-C stops it.
`);
// Its own process group, so that a stop reaches pnpm, the edge command and its workers alike
// (npx does not pass signals on); Ctrl-C and kill are forwarded to the whole group.
const dev = spawn(command, args, { cwd: project, stdio: 'inherit', detached: true });
const stop = (signal) => {
  try {
    process.kill(-dev.pid, signal);
  } catch {
    // already gone
  }
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
dev.on('exit', (code, signal) => {
  console.log(
    `\ndemo: pnpm dev stopped (${signal ?? `exit ${code}`}). The project is in ${project}`,
  );
  process.exit(code ?? 0);
});
