// Every benchmark still runs: `pnpm bench` in its quick mode (BENCH_QUICK=1, a few runs per
// side), as CI runs it with the tests, so that no suite rots unnoticed. Figures are read, not
// asserted (bench/README.md): this checks that each suite ran and printed its comparison.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const runner = fileURLToPath(new URL('../run.mjs', import.meta.url));

describe('pnpm bench, quick mode', () => {
  it('runs every suite to the end and prints each one’s ratio against its baseline', {
    timeout: 600_000,
  }, () => {
    const run = spawnSync(process.execPath, [runner], {
      encoding: 'utf8',
      env: { ...process.env, BENCH_QUICK: '1' },
      timeout: 590_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const sections = run.stdout.split(/^## /m).slice(1);
    expect(sections.map((section) => section.split(':')[0])).toEqual([
      'cli',
      'invoke',
      'build',
      'dev-server',
      'dev-start',
      'test-run',
      'cache-hit',
    ]);
    for (const section of sections) {
      // Each compares itself with a baseline: a ratio (0.92, 1.30x, 1.86×) or an added latency.
      expect(section, section).toMatch(/\d\.\d+\s*(?:x|×|\s{2}ok)|added p50|[+-]\d+\.\d+ ms/);
    }
  });
});
