// A fresh four-trigger project, as a user gets it: created by the built CLI (`pnpm bench` builds
// first) in a temp directory and installed. Made once per run and shared by the suites that
// time `pnpm dev` and `pnpm test` in it; removed when the process exits.
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDir, packagesDir } from './lib.mjs';

/** pnpm as a user who installed it runs it: its own entry, no npx in front. */
export const PNPM = join(benchDir, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');

let created;

export function freshProject() {
  created ??= create();
  return created;
}

async function create() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'bench-project-')));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const cli = join(packagesDir, 'create-edge-app', 'bin', 'create-edge-app.js');
  const { code, output } = await run(process.execPath, [cli, 'shop', '--yes'], {
    cwd: dir,
    env: {
      ...process.env,
      // pnpm for the install, found on PATH as a user's would be.
      PATH: `${join(benchDir, 'node_modules', '.bin')}:${process.env.PATH}`,
      GIT_AUTHOR_NAME: 'Bench',
      GIT_AUTHOR_EMAIL: 'bench@example.invalid',
      GIT_COMMITTER_NAME: 'Bench',
      GIT_COMMITTER_EMAIL: 'bench@example.invalid',
    },
  });
  if (code !== 0) throw new Error(`create-edge-app failed:\n${output}`);
  return join(dir, 'shop');
}

/** Runs a command to its end; resolves with its exit code and everything it printed. */
export function run(file, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
