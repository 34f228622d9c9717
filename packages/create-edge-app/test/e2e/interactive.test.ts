import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StarterInfo } from '@edge-app/tools/scaffold';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateStarters } from '../../src/render/render.ts';
import { loadTemplate } from '../../src/template/template.ts';
import { tempDir } from '../helpers/temp.ts';
import { assertBuilt, BIN, DIST_DIR, GIT_IDENTITY } from './helpers/cli.ts';
import { descendants, HAS_PROC } from './helpers/processes.ts';
import { KEYS, startPty } from './helpers/pty.ts';

let catalogue: StarterInfo[] = [];
beforeAll(() => {
  assertBuilt();
  catalogue = templateStarters(loadTemplate(join(DIST_DIR, 'template.json'))).list();
});

describe('the built CLI in a terminal', () => {
  it('asks the questions and writes what was answered', async () => {
    const cwd = tempDir();
    const session = startPty(['node', BIN], cwd, { env: GIT_IDENTITY });
    await session.waitFor('Project directory');
    session.send(`shop-edge${KEYS.enter}`);
    await session.waitFor('Which CloudFront triggers get a function?');
    // All four start selected; untick the second (origin-request).
    session.send(KEYS.down);
    session.send(KEYS.space);
    await session.waitFor('◻ origin-request');
    session.send(KEYS.enter);
    // The language once, for every function; TypeScript comes first.
    await session.waitFor('Language of the functions');
    session.send(KEYS.enter);
    // A starter is asked only where the template offers a choice in that language.
    for (const trigger of ['viewer-request', 'origin-response', 'viewer-response']) {
      const starters = catalogue.filter(
        (s) => s.eventType === trigger && s.languages.includes('ts'),
      );
      if (starters.length > 1) {
        await session.waitFor(`Starter for ${trigger}`);
        session.send(KEYS.enter); // blank comes first
      }
    }
    await session.waitFor('Install dependencies with pnpm?');
    session.send('n');
    await session.waitFor('Create a git repository with a first commit?');
    session.send('y');
    expect(await session.exit, session.screen()).toBe(0);

    const project = join(cwd, 'shop-edge');
    expect(readdirSync(cwd)).toEqual(['shop-edge']);
    expect(readdirSync(join(project, 'packages')).sort()).toEqual([
      'origin-response',
      'viewer-request',
      'viewer-response',
    ]);
    const record = JSON.parse(readFileSync(join(project, '.edge-app.json'), 'utf8'));
    expect(record.answers.install).toBe(false);
    expect(existsSync(join(project, 'node_modules'))).toBe(false);
    const log = await execa('git', ['log', '--format=%s'], { cwd: project });
    expect(log.stdout).toBe('Initial commit from create-edge-app');
    // The vendored tarballs are committed with the rest, as the overrides need them.
    const tracked = (await execa('git', ['ls-files', 'vendor'], { cwd: project })).stdout;
    expect(tracked.split('\n')).toEqual(
      readdirSync(join(project, 'vendor'))
        .sort()
        .map((file) => `vendor/${file}`),
    );
    expect(tracked.split('\n')).toHaveLength(3);
    expect(session.screen()).toContain('cd shop-edge');
    expect(session.screen()).not.toContain('Language for ');
  });

  it('asks the language per trigger with --lang-per-trigger', async () => {
    const cwd = tempDir();
    const session = startPty(
      ['node', BIN, 'polyglot', '--lang-per-trigger', '-t', 'viewer-request,origin-request'],
      cwd,
    );
    for (const trigger of ['viewer-request', 'origin-request']) {
      const starters = catalogue.filter((s) => s.eventType === trigger);
      if (starters.length > 1) {
        await session.waitFor(`Starter for ${trigger}`);
        session.send(KEYS.enter); // blank
      }
      await session.waitFor(`Language for ${trigger}`);
      // Python for the first, TypeScript for the second.
      session.send(trigger === 'viewer-request' ? `${KEYS.down}${KEYS.enter}` : KEYS.enter);
    }
    await session.waitFor('Install dependencies with pnpm?');
    session.send('n');
    await session.waitFor('Create a git repository');
    session.send('n');
    expect(await session.exit, session.screen()).toBe(0);
    expect(session.screen()).not.toContain('Language of the functions');
    const record = JSON.parse(readFileSync(join(cwd, 'polyglot', '.edge-app.json'), 'utf8'));
    expect(
      record.answers.functions.map((f: { trigger: string; language: string }) => [
        f.trigger,
        f.language,
      ]),
    ).toEqual([
      ['viewer-request', 'python'],
      ['origin-request', 'ts'],
    ]);
  });

  it.each([
    ['NO_COLOR', '1'],
    ['FORCE_COLOR', '0'],
  ])('prints no colour with %s=%s, and colour by default', async (name, value) => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour is an escape sequence
    const colour = /\u001b\[(?:3\d|9\d|1|2)m/;
    for (const env of [{ [name]: value }, {}]) {
      const cwd = tempDir();
      const session = startPty(['node', BIN, 'app'], cwd, {
        env: { TERM: 'xterm-256color', NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
      });
      await session.waitFor('Which CloudFront triggers get a function?');
      session.send(KEYS.ctrlC);
      expect(await session.exit).toBe(0);
      // The prompt's cursor movement stays; only colour goes.
      expect(colour.test(session.raw()), JSON.stringify(env)).toBe(Object.keys(env).length === 0);
    }
  });

  it('Ctrl-C at a question cancels with exit code 0 and nothing on disk', async () => {
    const cwd = tempDir();
    const session = startPty(['node', BIN, 'half-way'], cwd);
    await session.waitFor('Which CloudFront triggers get a function?');
    session.send(KEYS.ctrlC);
    expect(await session.exit).toBe(0);
    expect(session.screen()).toContain('Cancelled; nothing was written.');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.skipIf(!HAS_PROC)('SIGTERM at a question ends the run with exit code 143', async () => {
    const cwd = tempDir();
    const session = startPty(['node', BIN, 'asked'], cwd);
    await session.waitFor('Which CloudFront triggers get a function?');
    const cli = descendants(session.pid).find((p) => p.command.includes(BIN));
    expect(cli).toBeDefined();
    process.kill(cli!.pid, 'SIGTERM');
    expect(await session.exit, session.screen()).toBe(143);
    expect(session.screen()).toContain('Stopped by SIGTERM; nothing was written.');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('Ctrl-C during the install stops it and removes the project again, exit code 130', async () => {
    const cwd = tempDir();
    const session = startPty(['node', BIN, 'interrupted', '--yes'], cwd);
    await session.waitFor('Installing dependencies');
    session.send(KEYS.ctrlC);
    expect(await session.exit, session.screen()).toBe(130);
    expect(session.screen()).toContain('Stopped by SIGINT; nothing was written.');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('asks before writing into a non-empty directory, and a "no" writes nothing', async () => {
    const cwd = tempDir();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(cwd, 'busy'));
    writeFileSync(join(cwd, 'busy', 'notes.md'), 'mine');
    const session = startPty(['node', BIN, 'busy'], cwd);
    await session.waitFor('busy is not empty (notes.md)');
    session.send('n');
    expect(await session.exit).toBe(1);
    expect(session.screen()).toContain('--force');
    expect(readdirSync(join(cwd, 'busy'))).toEqual(['notes.md']);
    expect(readdirSync(cwd)).toEqual(['busy']);
  });
});
