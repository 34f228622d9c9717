#!/usr/bin/env node
// `pnpm test`: every suite in one vitest run on this Node, then the generated-project
// end-to-end test once more on Node 22 (what the nodejs22.x Lambda runtime runs; the CLI and
// generated projects support Node 20.12 and newer). Prints one plain line with the totals of
// both passes, so that a run that executed no test cannot pass unnoticed. Extra arguments go to
// the first vitest run, and a run given any skips the Node 22 pass.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reportDir = join(root, '.cache');
mkdirSync(reportDir, { recursive: true });
const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const NODE_22_TESTS = [
  'packages/create-edge-app/test/e2e/node-version.test.ts',
  'packages/create-edge-app/test/e2e/generated-project.test.ts',
];

/** One vitest run with `node`; its pass/fail/skip counts from the JSON report. */
function runVitest(name, node, args, env = process.env) {
  const report = join(reportDir, `vitest-${name}.json`);
  rmSync(report, { force: true });
  const run = spawnSync(
    node,
    [
      vitestBin,
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...args,
    ],
    { cwd: root, stdio: 'inherit', env },
  );
  const counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    const results = JSON.parse(readFileSync(report, 'utf8'));
    counts.passed = results.numPassedTests;
    counts.failed = results.numFailedTests;
    counts.skipped = results.numPendingTests + results.numTodoTests;
    // A file that failed to load has no tests in the count; count it as a failure.
    counts.failed += results.testResults.filter(
      (file) => file.status === 'failed' && file.assertionResults.length === 0,
    ).length;
  } catch {
    counts.failed = Math.max(counts.failed, 1);
    console.error(`vitest (${name}) wrote no report; counting the run as failed.`);
  }
  if (run.status !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

const passes = [runVitest('all', process.execPath, process.argv.slice(2))];

if (process.argv.length <= 2) {
  let node22;
  try {
    // The runtime's own fetcher (built by `pnpm build`, which `pnpm test` runs first): the
    // binary lands in the cache the function containers use for nodejs22.x.
    const { fetchNode } = await import('../packages/runtime/dist/index.js');
    node22 = (await fetchNode(22)).path;
  } catch (error) {
    console.error(`Node 22 could not be fetched from the npm registry: ${error.message}`);
    passes.push({ passed: 0, failed: 1, skipped: 0 });
  }
  if (node22) {
    console.log(`\nThe generated project once more, on Node 22 (${node22}):\n`);
    // Node 22 first on PATH, so the project's pnpm, tsc, vitest and edge run on it too.
    const env = {
      ...process.env,
      PATH: `${dirname(node22)}${delimiter}${process.env.PATH}`,
      EDGE_APP_TEST_NODE: '22',
    };
    passes.push(runVitest('node22', node22, ['--project', 'e2e', ...NODE_22_TESTS], env));
  }
}

const total = passes.reduce(
  (sum, counts) => ({
    passed: sum.passed + counts.passed,
    failed: sum.failed + counts.failed,
    skipped: sum.skipped + counts.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
