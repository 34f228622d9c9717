#!/usr/bin/env node
// `pnpm bench`: every benchmark in one run on the same machine, each side by side with the
// tool a user would pick instead, printed as medians and ratios. Nothing here is asserted:
// the machines are shared and noisy, so the figures are read, not enforced. With
// BENCH_QUICK=1 (CI) every suite runs briefly, so that none of them can rot unnoticed: a suite
// that fails makes the run exit 1. Names given as arguments run only those suites.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const suites = [
  ['cli', 'create-edge-app vs create-vite: --help start-up and scaffolding'],
  ['invoke', 'a warm invocation vs lambda-local at 1 KB, 40 KB and 1 MB, and the cold start'],
  ['build', 'full build of four functions and an incremental rebuild'],
  ['dev-server', 'local CloudFront vs a bare node:http proxy: latency four triggers add'],
  ['dev-start', 'pnpm dev, launch to first 200 through four triggers, vs miniflare'],
  ['test-run', 'pnpm test in a fresh four-trigger project vs bare vitest'],
  ['cache-hit', 'cache hits through edge dev vs a bare node:http proxy, added p50'],
];
const only = process.argv.slice(2);
// cli.mjs counts its runs in BENCH_RUNS.
if (process.env.BENCH_QUICK === '1') process.env.BENCH_RUNS ??= '2';
let failures = 0;
for (const [name, title] of suites) {
  if (only.length > 0 && !only.includes(name)) continue;
  const file = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
  console.log(`\n## ${name}: ${title}\n`);
  if (!existsSync(file)) {
    console.log(`(missing: bench/${name}.mjs)`);
    failures++;
    continue;
  }
  try {
    const suite = await import(pathToFileURL(file).href);
    await suite.run();
  } catch (error) {
    failures++;
    console.error(`bench ${name} failed:`, error);
  }
}
process.exitCode = failures > 0 ? 1 : 0;
