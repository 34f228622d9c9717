import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp.ts';

const script = fileURLToPath(new URL('../../../scripts/test.mjs', import.meta.url));

/** A `pnpm` that notes where it ran and writes the JSON report vitest would, one test passed. */
const FAKE_PNPM = `#!/usr/bin/env node
require('node:fs').writeFileSync(__filename + '.cwd', process.cwd());
const out = process.argv.find((arg) => arg.startsWith('--outputFile.json='));
require('node:fs').writeFileSync(out.slice('--outputFile.json='.length), JSON.stringify({
  numPassedTests: 1, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [],
}));
`;

describe('scripts/test.mjs', () => {
  it('runs from a checkout whose path has a space in it', () => {
    const root = tempDir();
    const checkout = join(root, 'my repo');
    mkdirSync(join(checkout, 'scripts'), { recursive: true });
    copyFileSync(script, join(checkout, 'scripts', 'test.mjs'));
    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'pnpm'), FAKE_PNPM);
    chmodSync(join(bin, 'pnpm'), 0o755);

    const run = spawnSync(process.execPath, [join(checkout, 'scripts', 'test.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` },
    });

    expect(run.stdout).toContain('1 passed, 0 failed, 0 skipped');
    expect(run.status).toBe(0);
    // vitest runs at the checkout's root, not in a percent-encoded copy of its path.
    expect(readFileSync(join(bin, 'pnpm.cwd'), 'utf8')).toBe(checkout);
    expect(readdirSync(root).sort()).toEqual(['bin', 'my repo']);
  });
});
