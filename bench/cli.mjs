#!/usr/bin/env node
// create-edge-app vs create-vite 8.2.0, side by side in one run on the same machine:
//   1. `--help` start-up (process spawn to exit),
//   2. scaffolding without install (ours: all four triggers, --yes --no-install --no-git;
//      theirs: --template react-ts --no-interactive), each run into a fresh directory,
// as medians over interleaved runs and the ratio ours/theirs (guardrail: at most 1.5× for
// both), plus our packed size and runtime dependency count (0). Printed, never asserted.
// Needs the built CLI (`pnpm bench` builds first). Runs: BENCH_RUNS (default 15; BENCH_QUICK=1
// makes it 3). Runnable alone: `node bench/cli.mjs`.
//
// The scaffolded directories are removed at the end, not after each run: on ext4, creating a
// file scans past the inodes of its block group deleted in the last minute or so, so deleting
// each run's files would make every following run of either side pay for the previous one,
// which no user does.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain, median } from './lib.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const packageDir = join(here, '..', 'packages', 'create-edge-app');
const ours = join(packageDir, 'bin', 'create-edge-app.js');
const theirs = join(here, 'node_modules', 'create-vite', 'index.js');
const GUARDRAIL = 1.5;

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

/** Interleaves the sides run by run, so that machine noise hits them alike; medians. */
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
  const verdict = ratio <= GUARDRAIL ? `ok (≤ ${GUARDRAIL})` : `above the ${GUARDRAIL} guardrail`;
  return `${label.padEnd(24)} ${mine.toFixed(1).padStart(9)} ms ${other.toFixed(1).padStart(9)} ms ${ratio.toFixed(2).padStart(7)}  ${verdict}`;
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
    files: info.entryCount ?? info.files.length,
    runtimeDependencies: Object.keys(manifest.dependencies ?? {}).length,
  };
}

export async function run({
  runs = Number(process.env.BENCH_RUNS ?? (process.env.BENCH_QUICK ? 3 : 15)),
} = {}) {
  if (!existsSync(join(packageDir, 'dist', 'index.js'))) {
    throw new Error('packages/create-edge-app/dist is missing: run `pnpm build` first.');
  }
  if (!existsSync(theirs)) {
    throw new Error('create-vite is not installed in bench/: run `pnpm install`.');
  }
  const work = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  try {
    const help = compare(runs, {
      ours: () => timeRun(ours, ['--help'], work),
      theirs: () => timeRun(theirs, ['--help'], work),
    });
    let n = 0;
    const scaffoldRun = (script, args) => () => {
      const dir = join(work, `run-${n++}`);
      mkdirSync(dir);
      return timeRun(script, args, dir);
    };
    const scaffold = compare(runs, {
      ours: scaffoldRun(ours, ['app', '--yes', '--triggers', 'all', '--no-install', '--no-git']),
      theirs: scaffoldRun(theirs, ['app', '--template', 'react-ts', '--no-interactive']),
    });
    const pack = packInfo();

    console.log(
      `Node ${process.version}, ${runs} runs per side, medians (ours = create-edge-app, theirs = create-vite 8.2.0)\n`,
    );
    console.log(
      `${''.padEnd(24)} ${'ours'.padStart(12)} ${'theirs'.padStart(12)} ${'ratio'.padStart(7)}`,
    );
    console.log(row('--help start-up', help));
    console.log(row('scaffold, no install', scaffold));
    console.log(
      `\npacked size: ${(pack.packedBytes / 1024).toFixed(1)} KiB (${pack.files} files); runtime dependencies: ${pack.runtimeDependencies}`,
    );
    const results = { runs, node: process.version, help, scaffold, pack };
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results', 'cli.json'), `${JSON.stringify(results, null, 2)}\n`);
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await run();
