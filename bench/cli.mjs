#!/usr/bin/env node
// create-edge-app vs create-vite 8.2.0, side by side in one run on the same machine:
//   1. `--help` start-up (process spawn to exit),
//   2. scaffolding without install (ours: all four triggers, --yes --no-install --no-git;
//      theirs: --template react-ts --no-interactive), each run into a fresh temp directory,
// as medians over N interleaved runs and the ratio ours/theirs (target ≤ 1.0 for both), plus
// our packed size (`npm pack --dry-run --json`) and runtime dependency count (target 0).
// Figures are printed, never asserted. Needs the built CLI (`pnpm bench` builds first).
// Runs: BENCH_RUNS (default 15). Runnable alone: `node bench/cli.mjs`.
//
// The scaffolded directories are removed at the end, not after each run (BENCH_CLI_CLEANUP=each
// restores that): on ext4 without a journal, as on the development VM, creating a file scans
// past every inode of its block group deleted in the last minute or so (`recently_deleted()` in
// fs/ext4/ialloc.c; `perf record` showed it at over half of the scaffold's time), so deleting
// each run's ~240 files made every following run of either side pay for the previous one,
// which no user does. BENCH_CLI_DIR picks the directory the runs write into (default: the OS
// temp dir, where every test suite on the machine also creates and deletes files).
// BENCH_CLI_BEFORE=<path to another build's bin/create-edge-app.js> adds that build to the
// scaffold loop, for a before/after figure measured side by side.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain, median } from './lib.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const packageDir = join(here, '..', 'packages', 'create-edge-app');
const ours = join(packageDir, 'bin', 'create-edge-app.js');
const theirs = join(here, 'node_modules', 'create-vite', 'index.js');

/** Wall time of one `node <script> ...args` run, in ms; a failed run is an error, not a figure. */
function timeRun(script, args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `${script} ${args.join(' ')} exited with ${result.status}:\n${result.stderr?.toString()}`,
    );
  }
  return ms;
}

/**
 * Interleaves the sides run by run, so that machine noise hits them alike; `sides` maps a
 * name to one timed run. Returns each side's median.
 */
function compare(runs, sides) {
  const entries = Object.entries(sides);
  for (const [, once] of entries) once(); // warm the file system cache once for each side
  const times = Object.fromEntries(entries.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, once] of entries) times[name].push(once());
  }
  return Object.fromEntries(entries.map(([name]) => [name, median(times[name])]));
}

function row(label, { ours: mine, theirs: other }) {
  const ratio = mine / other;
  return `${label.padEnd(34)} ${mine.toFixed(1).padStart(9)} ms ${other.toFixed(1).padStart(9)} ms ${ratio.toFixed(2).padStart(7)}  ${ratio <= 1 ? 'ok (≤ 1.0)' : 'above target 1.0'}`;
}

/** Files under `dir`, recursively: what one scaffold run wrote. */
function countFiles(dir) {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) count += countFiles(join(dir, entry.name));
    else count++;
  }
  return count;
}

function packInfo() {
  const [info] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json'], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString(),
  );
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  return {
    packedBytes: info.size,
    unpackedBytes: info.unpackedSize,
    files: info.entryCount ?? info.files.length,
    runtimeDependencies: Object.keys(manifest.dependencies ?? {}).length,
  };
}

export async function run({ runs = Number(process.env.BENCH_RUNS ?? 15) } = {}) {
  if (!existsSync(join(packageDir, 'dist', 'index.js'))) {
    throw new Error('packages/create-edge-app/dist is missing: run `pnpm build` first.');
  }
  if (!existsSync(theirs)) {
    throw new Error('create-vite is not installed in bench/: run `pnpm install`.');
  }
  const cleanupEachRun = process.env.BENCH_CLI_CLEANUP === 'each';
  // Another build of create-edge-app (its bin/create-edge-app.js), e.g. the previous commit's,
  // scaffolding in the same interleaved loop: a before/after figure from one run.
  const before = process.env.BENCH_CLI_BEFORE;
  const work = mkdtempSync(join(process.env.BENCH_CLI_DIR ?? tmpdir(), 'bench-cli-'));
  try {
    const help = compare(runs, {
      ours: () => timeRun(ours, ['--help'], work),
      theirs: () => timeRun(theirs, ['--help'], work),
    });
    let n = 0;
    const freshDir = () => {
      const dir = join(work, `run-${n++}`);
      mkdirSync(dir);
      return dir;
    };
    const written = { ours: 0, theirs: 0, before: 0 };
    const scaffoldRun = (side, script, args) => () => {
      const dir = freshDir();
      const ms = timeRun(script, args, dir);
      written[side] = countFiles(join(dir, 'app'));
      if (cleanupEachRun) rmSync(dir, { recursive: true, force: true });
      return ms;
    };
    const oursArgs = ['app', '--yes', '--triggers', 'all', '--no-install', '--no-git'];
    const scaffold = compare(runs, {
      ours: scaffoldRun('ours', ours, oursArgs),
      theirs: scaffoldRun('theirs', theirs, ['app', '--template', 'react-ts', '--no-interactive']),
      ...(before ? { before: scaffoldRun('before', before, oursArgs) } : {}),
    });
    const pack = packInfo();

    console.log(
      `Node ${process.version}, ${runs} runs per side, medians (ours = create-edge-app, theirs = create-vite 8.2.0)\n`,
    );
    console.log(
      `${''.padEnd(34)} ${'ours'.padStart(12)} ${'theirs'.padStart(12)} ${'ratio'.padStart(7)}`,
    );
    console.log(row('--help start-up', help));
    console.log(row('scaffold, no install', scaffold));
    if (before) {
      console.log(
        row('scaffold, no install, before', { ours: scaffold.before, theirs: scaffold.theirs }),
      );
    }
    console.log(
      `\nfiles written per scaffold: ours ${written.ours}, theirs ${written.theirs}${before ? `, before ${written.before}` : ''}; run directories removed ${cleanupEachRun ? 'after each run' : 'at the end'}`,
    );
    console.log(
      `\npacked size: ${(pack.packedBytes / 1024).toFixed(1)} KiB (${(pack.unpackedBytes / 1024).toFixed(1)} KiB unpacked, ${pack.files} files)`,
    );
    console.log(`runtime dependencies: ${pack.runtimeDependencies} (target 0)`);

    const results = {
      runs,
      node: process.version,
      help,
      scaffold,
      filesWritten: written,
      cleanup: cleanupEachRun ? 'each' : 'end',
      pack,
    };
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results', 'cli.json'), `${JSON.stringify(results, null, 2)}\n`);
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await run();
