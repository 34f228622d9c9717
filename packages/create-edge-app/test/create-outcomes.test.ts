/** How a create run ends when a step fails: said clearly, no step skipped in silence. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/index.ts';
import { recordedIO } from './helpers/io.ts';
import { tempDir } from './helpers/temp.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a failed install', () => {
  it('keeps the project, still creates its git repository, and exits 1 saying why', async () => {
    for (const [name, value] of Object.entries({
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
    })) {
      vi.stubEnv(name, value);
    }
    const bin = tempDir();
    writeFileSync(join(bin, 'pnpm'), '#!/bin/sh\nexit 1\n');
    chmodSync(join(bin, 'pnpm'), 0o755);
    const cwd = tempDir();
    const io = recordedIO(cwd);
    io.env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` };

    const code = await main(['shop', '--yes', '-t', 'viewer-request'], io);

    expect(io.err()).toContain(
      `✖ pnpm install failed in ${join(cwd, 'shop')}: it exited with code 1.`,
    );
    expect(io.err()).toContain('The project is written.');
    expect(code).toBe(1);
    expect(io.out()).toContain('Created a git repository with a first commit.');
    const log = execFileSync('git', ['log', '--format=%s'], { cwd: join(cwd, 'shop') });
    expect(String(log).trim()).toBe('Initial commit from create-edge-app');
  });
});

describe('file-system errors', () => {
  it('names the file a target path goes through, writing nothing', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'notes.txt'), 'mine');
    const io = recordedIO(cwd);

    const code = await main(['notes.txt/app', '--yes', '--no-install', '--no-git'], io);

    expect(io.err()).toBe(
      `✖ Cannot write the project to ${join(cwd, 'notes.txt', 'app')}: ${join(cwd, 'notes.txt')} is a file, not a directory.\n` +
        '  Choose a path that does not go through a file. Nothing was written.\n',
    );
    expect(code).toBe(1);
    expect(readdirSync(cwd)).toEqual(['notes.txt']);
  });

  it('names a file deeper on the way, and leaves the directories it found as they were', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'work'));
    writeFileSync(join(cwd, 'work', 'plan'), '');
    const io = recordedIO(cwd);
    expect(await main(['work/plan/a/b', '--yes', '--no-install', '--no-git'], io)).toBe(1);
    expect(io.err()).toContain(`${join(cwd, 'work', 'plan')} is a file, not a directory`);
    expect(readdirSync(join(cwd, 'work'))).toEqual(['plan']);
  });
});
