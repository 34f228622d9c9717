/**
 * scripts/demo.mjs (`pnpm demo [-- --port <n>]`) with a stand-in pnpm: its `build` is quiet
 * for longer than the demo lets a build be silent, its `install` (the CLI's) does nothing, and
 * its `dev` records its arguments. The built CLI creates the project in between.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp.ts';

const demo = fileURLToPath(new URL('../../../scripts/demo.mjs', import.meta.url));

/** A pnpm in JavaScript, run as `pnpm demo` runs the demo (npm_execpath names it). */
const FAKE_PNPM = `
const [command, ...args] = process.argv.slice(2);
require('node:fs').appendFileSync(__filename + '.log', JSON.stringify([command, ...args]) + '\\n');
if (command === 'build') {
  console.log('packages/tools build$ node build.mjs');
  setTimeout(() => console.log('packages/tools build: Done'), 5500);
}
`;

describe('scripts/demo.mjs', () => {
  it('says the build is still at work when it is quiet, and serves on --port', {
    timeout: 60_000,
  }, () => {
    const bin = tempDir();
    const pnpm = join(bin, 'fake-pnpm.cjs');
    writeFileSync(pnpm, FAKE_PNPM);
    // The CLI's own install finds this one on PATH.
    writeFileSync(join(bin, 'pnpm'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(bin, 'pnpm'), 0o755);

    const run = spawnSync(process.execPath, [demo, '--', '--port', '4567'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        npm_execpath: pnpm,
        PATH: `${bin}${delimiter}${process.env.PATH}`,
      },
      timeout: 50_000,
    });

    // The demo keeps its project to look at; the test does not.
    const project = /demo: creating (\S+)/.exec(run.stdout)?.[1];
    if (project) rmSync(dirname(project), { recursive: true, force: true });
    expect(run.stdout).toContain('demo: still building packages/tools');
    expect(run.stdout).toContain('on http://localhost:4567');
    expect(run.status, run.stderr).toBe(0);
    const calls = readFileSync(`${pnpm}.log`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(calls[0]).toEqual(['build']);
    expect(calls.at(-1)).toEqual(['dev', '--port', '4567']);
  });

  it('refuses a port that is not one', () => {
    const run = spawnSync(process.execPath, [demo, '--port', 'eighty'], { encoding: 'utf8' });
    expect(run.stderr).toContain('--port eighty is not a port number');
    expect(run.status).toBe(1);
  });
});
