#!/usr/bin/env node
// Runs every suite in one vitest run, then prints one plain line with the totals, so that a
// run that executed no test cannot pass unnoticed. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reportDir = join(root, '.cache');
const report = join(reportDir, 'vitest-report.json');
mkdirSync(reportDir, { recursive: true });
rmSync(report, { force: true });

const vitest = spawnSync(
  'pnpm',
  [
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  skipped = results.numPendingTests + results.numTodoTests;
  // A file that failed to load has no tests in the count; count it as a failure.
  failed += results.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
} catch {
  failed = Math.max(failed, 1);
  console.error('vitest wrote no report; counting the run as failed.');
}
const code = vitest.status ?? 1;
if (code !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(passed === 0 ? 1 : code);
