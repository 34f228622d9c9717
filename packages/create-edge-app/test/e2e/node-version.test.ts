/**
 * The e2e tests run the generated project's commands (pnpm, tsc, vitest, edge) with the `node`
 * first on PATH. `pnpm test` runs them once more on Node 22 (scripts/test.mjs) and says which
 * major it expects in EDGE_APP_TEST_NODE: this proves that pass really ran on it.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const major = (version: string) => version.replace(/^v/, '').split('.')[0];

describe('the Node.js the e2e tests run on', () => {
  it('is the one expected, for this process and for the commands it starts', async () => {
    const expected = process.env.EDGE_APP_TEST_NODE ?? major(process.version);
    expect(major(process.version)).toBe(expected);
    const child = await execa('node', ['--version']);
    expect(major(child.stdout.trim())).toBe(expected);
  });
});
