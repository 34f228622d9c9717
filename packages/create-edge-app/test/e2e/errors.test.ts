import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';
import { assertBuilt, DIST_DIR, runCli } from './helpers/cli.ts';

beforeAll(assertBuilt);

describe('the built CLI without a terminal', () => {
  it('fails at once, never hanging at a prompt, when neither --yes nor the flags are given', async () => {
    const cwd = tempDir();
    const run = await runCli(['my-app'], { cwd, timeoutMs: 20_000 });
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('No terminal to ask questions on');
    expect(run.stderr).toContain('--triggers');
    expect(run.stderr).toContain('Pass --yes');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a non-empty directory, listing what is in the way', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'index.html'), '<p>mine</p>');
    writeFileSync(join(cwd, 'taken', '.env'), 'X=1');
    const run = await runCli(['taken', '--yes'], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('taken is not empty: .env, index.html.');
    expect(run.stderr).toContain('pass --force');
    expect(readdirSync(join(cwd, 'taken')).sort()).toEqual(['.env', 'index.html']);
    expect(readdirSync(cwd)).toEqual(['taken']);
  });

  it('refuses an invalid project name and suggests a valid one', async () => {
    const cwd = tempDir();
    const run = await runCli(['My Edge App', '--yes'], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      '"My Edge App" (the last part of "My Edge App") is not a valid npm package name',
    );
    expect(run.stderr).toContain('Use "my-edge-app" instead');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('rejects unknown flags, triggers and starters, listing the valid values', async () => {
    const cwd = tempDir();
    const flag = await runCli(['app', '--typescript'], { cwd });
    expect([flag.exitCode, flag.stderr]).toEqual([
      1,
      expect.stringContaining('Unknown option "--typescript".'),
    ]);
    const trigger = await runCli(['app', '-y', '-t', 'viewer-request,edge'], { cwd });
    expect(trigger.stderr).toContain(
      'Valid triggers: viewer-request, origin-request, origin-response, viewer-response',
    );
    const starter = await runCli(
      ['app', '-y', '-t', 'viewer-request', '-s', 'viewer-request=nope'],
      { cwd },
    );
    expect(starter.exitCode).toBe(1);
    expect(starter.stderr).toContain('There is no "nope" starter for viewer-request.');
    expect(starter.stderr).toContain('Starters for viewer-request: blank');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('answers --help and --version from the entry bundle alone (no prompts, no template)', async () => {
    const cwd = tempDir();
    const trace = join(cwd, 'trace.cjs');
    // Preloaded: at exit, reports every file of dist/ that was require()d.
    writeFileSync(
      trace,
      `process.on('exit', () => {
  for (const file of Object.keys(require.cache)) {
    const path = require('node:path');
    if (path.basename(path.dirname(file)) === 'dist') process.stderr.write('LOADED ' + path.basename(file) + '\\n');
  }
});
`,
    );
    const help = await runCli(['--help'], { cwd, nodeOptions: ['--require', trace] });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage:');
    const loaded = help.stderr.split('\n').filter((l) => l.startsWith('LOADED '));
    expect(loaded).toContain('LOADED index.cjs');
    const heavy = ['create.cjs', 'prompts.cjs', 'clack.cjs', 'execa.cjs', 'upgrade.cjs'];
    for (const bundle of heavy) {
      expect(readdirSync(DIST_DIR)).toContain(bundle);
      expect(loaded).not.toContain(`LOADED ${bundle}`);
    }

    // The same trace does see create.cjs when a project is created, and still no prompts or
    // execa without a terminal, an install or git.
    const create = await runCli(['app', '--yes', '--no-install', '--no-git'], {
      cwd,
      nodeOptions: ['--require', trace],
    });
    expect(create.exitCode).toBe(0);
    expect(create.stderr).toContain('LOADED create.cjs');
    for (const bundle of ['prompts.cjs', 'clack.cjs', 'execa.cjs']) {
      expect(create.stderr).not.toContain(`LOADED ${bundle}`);
    }

    const version = await runCli(['--version'], { cwd });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
