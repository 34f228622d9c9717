#!/usr/bin/env node
// `pnpm demo` (after `pnpm build`): the built CLI creates a project with all four triggers in
// a fresh temporary directory outside this repository, installs it, and serves it with
// `pnpm dev` in the foreground on http://localhost:8787. Ctrl-C stops the server; the project
// stays in the printed directory to look at.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(
  new URL('../packages/create-edge-app/bin/create-edge-app.js', import.meta.url),
);
const workDir = mkdtempSync(join(tmpdir(), 'edge-app-demo-'));
const project = join(workDir, 'edge-demo');

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

console.log(`demo: creating ${project} with the built CLI\n`);
const created = spawnSync(
  process.execPath,
  [cli, project, '--yes', '--triggers', 'all', '--no-git'],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
if (created.status !== 0) {
  console.error(`\ndemo: create-edge-app exited with ${created.status}; see above.`);
  process.exit(created.status ?? 1);
}

const [command, ...prefix] = onPath('pnpm') ? ['pnpm'] : ['npx', '-y', 'pnpm@10.34.8'];
console.log(`
demo: serving ${project}
      on http://localhost:8787 (viewer-request → cache → origin-request → public/ → origin-response → viewer-response)
      try, in another terminal:  curl -i http://localhost:8787/
      Ctrl-C stops it.
`);
// Its own process group, so that a stop reaches pnpm, the edge command and its workers alike
// (npx does not pass signals on); Ctrl-C and kill are forwarded to the whole group.
const dev = spawn(command, [...prefix, 'dev'], { cwd: project, stdio: 'inherit', detached: true });
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
