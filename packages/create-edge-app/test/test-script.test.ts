import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp.ts';

const script = fileURLToPath(new URL('../../../scripts/test.mjs', import.meta.url));

/** A vitest that notes where it ran and writes the JSON report vitest would, one test passed. */
const FAKE_VITEST = `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./cwd', import.meta.url), process.cwd());
const out = process.argv.find((arg) => arg.startsWith('--outputFile.json='));
writeFileSync(out.slice('--outputFile.json='.length), JSON.stringify({
  numPassedTests: 1, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [],
}));
`;

describe('scripts/test.mjs', () => {
  it('runs from a checkout whose path has a space in it', () => {
    const root = tempDir();
    const checkout = join(root, 'my repo');
    mkdirSync(join(checkout, 'scripts'), { recursive: true });
    copyFileSync(script, join(checkout, 'scripts', 'test.mjs'));
    const vitest = join(checkout, 'node_modules', 'vitest');
    mkdirSync(vitest, { recursive: true });
    writeFileSync(join(vitest, 'vitest.mjs'), FAKE_VITEST);

    // An argument for vitest: the run is filtered, so there is no second pass on Node 22.
    const run = spawnSync(process.execPath, [join(checkout, 'scripts', 'test.mjs'), '--bail=1'], {
      encoding: 'utf8',
    });

    expect(run.stdout).toContain('1 passed, 0 failed, 0 skipped');
    expect(run.status).toBe(0);
    // vitest runs at the checkout's root, not in a percent-encoded copy of its path.
    expect(readFileSync(join(vitest, 'cwd'), 'utf8')).toBe(checkout);
    expect(readdirSync(root)).toEqual(['my repo']);
  });
});
