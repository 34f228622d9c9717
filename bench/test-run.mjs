#!/usr/bin/env node
// `pnpm test` in a fresh four-trigger project (each starter's tests invoke its handler by path:
// bundled, in a container process, validated) against bare vitest running as many trivial
// tests in as many files, in the same project with the same vitest. Both are run through pnpm.
// Printed as medians and their ratio, never asserted. Target: at most 1.5x.
// BENCH_QUICK=1 (CI): one run of each.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMain, median } from './lib.mjs';
import { freshProject, PNPM, run as runCommand } from './project.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = QUICK ? 1 : 5;

/** Test files and tests of the project, from vitest's own JSON report. */
async function countTests(project) {
  const report = join(project, 'node_modules', '.cache', 'bench-count.json');
  const { code, output } = await runCommand(
    process.execPath,
    [PNPM, 'exec', 'vitest', 'run', '--reporter=json', `--outputFile=${report}`],
    { cwd: project, env: process.env },
  );
  if (code !== 0) throw new Error(`pnpm test failed in the fresh project:\n${output}`);
  const results = JSON.parse(readFileSync(report, 'utf8'));
  return {
    files: results.testResults.length,
    tests: results.numTotalTests,
  };
}

/** `bare/`: the same number of files and tests, each test `expect(1).toBe(1)`, no setup file. */
function writeBareTests(project, { files, tests }) {
  const dir = join(project, 'bare');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    "export default { test: { include: ['*.test.ts'] } };\n",
  );
  for (let file = 0; file < files; file++) {
    const count = Math.floor(tests / files) + (file < tests % files ? 1 : 0);
    const body = Array.from(
      { length: count },
      (_, i) => `  it('trivial ${i}', () => {\n    expect(1).toBe(1);\n  });`,
    ).join('\n');
    writeFileSync(
      join(dir, `trivial-${file}.test.ts`),
      `import { describe, expect, it } from 'vitest';\n\ndescribe('bare', () => {\n${body}\n});\n`,
    );
  }
  return dir;
}

async function timed(project, args) {
  const started = performance.now();
  const { code, output } = await runCommand(process.execPath, [PNPM, ...args], {
    cwd: project,
    env: { ...process.env, CI: 'true' },
  });
  if (code !== 0) throw new Error(`pnpm ${args.join(' ')} failed:\n${output}`);
  return performance.now() - started;
}

export async function run() {
  const project = await freshProject();
  const counted = await countTests(project);
  writeBareTests(project, counted);
  const sides = {
    'pnpm test': () => timed(project, ['test']),
    'bare vitest': () => timed(project, ['exec', 'vitest', 'run', '--root', 'bare']),
  };
  const times = { 'pnpm test': [], 'bare vitest': [] };
  // One run each first, not counted: caches (compiled handlers, the config's values) as a
  // developer's second `pnpm test` finds them.
  for (const side of Object.values(sides)) await side();
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? Object.keys(sides) : Object.keys(sides).reverse();
    for (const side of order) times[side].push(await sides[side]());
  }
  const ours = median(times['pnpm test']);
  const bare = median(times['bare vitest']);
  console.log(
    `${counted.tests} tests in ${counted.files} files, median of ${RUNS} alternating runs:`,
  );
  console.log(`  pnpm test, fresh four-trigger project   ${ours.toFixed(0).padStart(6)} ms`);
  console.log(`  bare vitest, as many trivial tests      ${bare.toFixed(0).padStart(6)} ms`);
  console.log(
    `  ratio                                   ${(ours / bare).toFixed(2)}x  (target <= 1.5x)`,
  );
  return { oursMs: ours, bareMs: bare };
}

if (isMain(import.meta.url)) await run();
