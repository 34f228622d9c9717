// What the benchmark suites share: where things are, and the statistics they print. The
// @edge-app/* packages are imported as built (`pnpm bench` builds first).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const packagesDir = join(benchDir, '..', 'packages');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value below which a fraction `q` of `sorted` (ascending) lies. */
export function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** What a load phase reports: req/s over its wall time, latency percentiles (ms), errors. */
export function loadSummary(count, elapsedMs, latencies, errors) {
  latencies.sort((a, b) => a - b);
  return {
    rps: (count / elapsedMs) * 1000,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors,
  };
}

/** Wall time of one call, in milliseconds. */
export async function time(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Wall time of each of `count` calls made one after another. */
export async function timeEach(count, fn) {
  const samples = [];
  for (let i = 0; i < count; i++) samples.push(await time(fn));
  return samples;
}

/** True when `moduleUrl` is the script `node` was started with (not imported by run.mjs). */
export function isMain(moduleUrl) {
  return Boolean(process.argv[1]) && moduleUrl === pathToFileURL(process.argv[1]).href;
}
