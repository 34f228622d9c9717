import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StarterInfo } from '@edge-app/tools/scaffold';
import { describe, expect, it } from 'vitest';
import type { Prompter } from '../src/answers/prompter.ts';
import { resolveAnswers } from '../src/answers/resolve.ts';
import { parseArgs } from '../src/cli/args.ts';
import { tempDir } from './helpers/temp.ts';

const ALL = ['viewer-request', 'origin-request', 'origin-response', 'viewer-response'] as const;
const catalogue: StarterInfo[] = [
  ...ALL.map((eventType) => ({
    eventType,
    starter: 'blank',
    languages: ['ts' as const],
    description: 'pass-through',
  })),
  {
    eventType: 'viewer-request',
    starter: 'redirects',
    languages: ['ts', 'python'],
    description: 'r',
  },
];

/** A prompter answering from a script, recording which questions were asked. */
function scripted(answers: Partial<Record<keyof Prompter, unknown[]>>) {
  const asked: string[] = [];
  const next = (question: keyof Prompter) => {
    asked.push(question);
    const queue = answers[question];
    if (!queue || queue.length === 0) throw new Error(`unexpected question: ${question}`);
    return queue.shift();
  };
  const prompter: Prompter = {
    intro: () => {},
    reporter: { step: () => {}, warn: () => {}, info: () => {} },
    outro: () => {},
    projectDir: async (_initial, validate) => {
      const value = next('projectDir') as string;
      const problem = validate(value);
      if (problem) throw new Error(problem);
      return value;
    },
    confirmNonEmpty: async () => next('confirmNonEmpty') as boolean,
    triggers: async () => next('triggers') as never,
    starter: async () => next('starter') as string,
    languageForAll: async () => next('languageForAll') as never,
    language: async () => next('language') as never,
    confirm: async () => next('confirm') as boolean,
  };
  return { prompter, asked };
}

describe('resolveAnswers without a terminal', () => {
  it('uses the defaults with --yes', async () => {
    const cwd = tempDir();
    const answers = await resolveAnswers({ flags: parseArgs(['--yes']), cwd, catalogue });
    expect(answers).toEqual({
      targetDir: join(cwd, 'edge-app'),
      projectName: 'edge-app',
      functions: ALL.map((trigger) => ({
        trigger,
        name: trigger,
        starter: 'blank',
        language: 'ts',
      })),
      install: true,
      git: true,
      force: false,
    });
  });

  it('refuses to guess without --yes, naming every missing flag', async () => {
    const flags = parseArgs([
      'app',
      '--triggers',
      'viewer-request,origin-request',
      '--starter',
      'viewer-request=blank',
    ]);
    await expect(resolveAnswers({ flags, cwd: tempDir(), catalogue })).rejects.toMatchObject({
      message:
        'No terminal to ask questions on, and these were not given: --starter origin-request=<starter>, --install or --no-install, --git or --no-git.',
      hint: expect.stringContaining('Pass --yes'),
    });
  });

  it('accepts a run where every question has its flag', async () => {
    const flags = parseArgs([
      'app',
      '-t',
      'viewer-request',
      '-s',
      'viewer-request=redirects:python',
      '--no-install',
      '--git',
    ]);
    const answers = await resolveAnswers({ flags, cwd: tempDir(), catalogue });
    expect(answers.functions).toEqual([
      {
        trigger: 'viewer-request',
        name: 'viewer-request',
        starter: 'redirects',
        language: 'python',
      },
    ]);
    expect([answers.install, answers.git]).toEqual([false, true]);
  });

  it('rejects an unknown starter and a missing language, listing what exists', async () => {
    const cwd = tempDir();
    await expect(
      resolveAnswers({
        flags: parseArgs(['--yes', '-t', 'origin-request', '-s', 'origin-request=auth']),
        cwd,
        catalogue,
      }),
    ).rejects.toMatchObject({
      message: 'There is no "auth" starter for origin-request.',
      hint: 'Starters for origin-request: blank.',
    });
    await expect(
      resolveAnswers({ flags: parseArgs(['--yes', '--lang', 'python']), cwd, catalogue }),
    ).rejects.toMatchObject({
      message: 'The "blank" starter for viewer-request has no python version.',
    });
  });

  it('rejects an invalid project name with a valid suggestion', async () => {
    await expect(
      resolveAnswers({ flags: parseArgs(['My App', '--yes']), cwd: tempDir(), catalogue }),
    ).rejects.toMatchObject({
      message: expect.stringContaining(
        '"My App" (the last part of "My App") is not a valid npm package name',
      ),
      hint: expect.stringContaining('Use "my-app" instead'),
    });
  });

  it('refuses a non-empty directory, listing what is in it, unless --force', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'app'));
    writeFileSync(join(cwd, 'app', 'notes.txt'), 'mine');
    writeFileSync(join(cwd, 'app', 'README.md'), 'mine');
    await expect(
      resolveAnswers({ flags: parseArgs(['app', '--yes']), cwd, catalogue }),
    ).rejects.toMatchObject({
      message: `${join(cwd, 'app')} is not empty: README.md, notes.txt.`,
      hint: expect.stringContaining('--force'),
    });
    const forced = await resolveAnswers({
      flags: parseArgs(['app', '--yes', '--force']),
      cwd,
      catalogue,
    });
    expect(forced.force).toBe(true);
  });
});

describe('resolveAnswers with a terminal', () => {
  it('asks only what the flags leave open, and a starter only when there is a choice', async () => {
    const { prompter, asked } = scripted({
      projectDir: ['shop'],
      triggers: [['viewer-request', 'viewer-response']],
      starter: ['redirects'],
      confirm: [false],
    });
    const answers = await resolveAnswers({
      flags: parseArgs(['--git', '--lang', 'ts']),
      cwd: tempDir(),
      catalogue,
      prompter,
    });
    expect(asked).toEqual(['projectDir', 'triggers', 'starter', 'confirm']);
    expect(answers.projectName).toBe('shop');
    expect(answers.functions).toEqual([
      { trigger: 'viewer-request', name: 'viewer-request', starter: 'redirects', language: 'ts' },
      { trigger: 'viewer-response', name: 'viewer-response', starter: 'blank', language: 'ts' },
    ]);
    expect([answers.install, answers.git]).toEqual([false, true]);
  });

  /** Every trigger has blank in both languages; viewer-request also has ts-only jwt-auth. */
  const bilingual: StarterInfo[] = [
    ...ALL.map((eventType) => ({
      eventType,
      starter: 'blank',
      languages: ['ts' as const, 'python' as const],
      description: '',
    })),
    { eventType: 'viewer-request', starter: 'jwt-auth', languages: ['ts'], description: '' },
  ];

  it('asks the language once for every function, and offers the starters in it', async () => {
    const { prompter, asked } = scripted({
      triggers: [[...ALL]],
      languageForAll: ['python'],
      confirm: [false, false],
    });
    const answers = await resolveAnswers({
      flags: parseArgs(['app']),
      cwd: tempDir(),
      catalogue: bilingual,
      prompter,
    });
    // jwt-auth has no Python version: blank is the only Python starter, so none is asked.
    expect(asked).toEqual(['triggers', 'languageForAll', 'confirm', 'confirm']);
    expect(answers.functions.map((f) => [f.trigger, f.starter, f.language])).toEqual(
      ALL.map((trigger) => [trigger, 'blank', 'python']),
    );
  });

  it('keeps the language named per starter, and asks the shared one for the rest', async () => {
    const { prompter, asked } = scripted({
      languageForAll: ['python'],
    });
    const answers = await resolveAnswers({
      flags: parseArgs([
        'app',
        '-t',
        'viewer-request,origin-request',
        '-s',
        'viewer-request=jwt-auth',
        '-s',
        'origin-request=blank:ts',
        '--no-install',
        '--no-git',
      ]),
      cwd: tempDir(),
      catalogue: [
        ...bilingual,
        {
          eventType: 'viewer-request',
          starter: 'redirects',
          languages: ['ts', 'python'],
          description: '',
        },
      ],
      prompter,
    });
    // Only jwt-auth is open, and it comes in TypeScript alone: nothing to ask.
    expect(asked).toEqual([]);
    expect(answers.functions.map((f) => [f.starter, f.language])).toEqual([
      ['jwt-auth', 'ts'],
      ['blank', 'ts'],
    ]);
  });

  it('asks the language for each function with --lang-per-trigger', async () => {
    const { prompter, asked } = scripted({
      starter: ['blank'],
      language: ['python', 'ts'],
    });
    const answers = await resolveAnswers({
      flags: parseArgs([
        'app',
        '--lang-per-trigger',
        '-t',
        'viewer-request,origin-response',
        '--no-install',
        '--no-git',
      ]),
      cwd: tempDir(),
      catalogue: bilingual,
      prompter,
    });
    expect(asked).toEqual(['starter', 'language', 'language']);
    expect(answers.functions.map((f) => [f.trigger, f.language])).toEqual([
      ['viewer-request', 'python'],
      ['origin-response', 'ts'],
    ]);
  });

  it('validates a typed directory name', async () => {
    const { prompter } = scripted({ projectDir: ['Bad Name'] });
    await expect(
      resolveAnswers({ flags: parseArgs([]), cwd: tempDir(), catalogue, prompter }),
    ).rejects.toThrow(
      '"Bad Name" cannot be a package name: it has upper-case letters; it has characters that are not URL-safe (spaces, slashes, ...). Try "bad-name".',
    );
  });

  it('refuses a --starter for a trigger left out at the prompt', async () => {
    const { prompter } = scripted({ triggers: [['viewer-request']] });
    await expect(
      resolveAnswers({
        flags: parseArgs(['app', '-s', 'origin-request=blank']),
        cwd: tempDir(),
        catalogue,
        prompter,
      }),
    ).rejects.toThrow('--starter names origin-request, but it was not chosen as a trigger');
  });

  it('asks before writing into a non-empty directory', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'app'));
    writeFileSync(join(cwd, 'app', 'keep.txt'), '');
    const yes = scripted({
      confirmNonEmpty: [true],
      triggers: [['origin-request']],
      confirm: [true, true],
    });
    const answers = await resolveAnswers({
      flags: parseArgs(['app']),
      cwd,
      catalogue,
      prompter: yes.prompter,
    });
    expect(answers.force).toBe(true);
    const no = scripted({ confirmNonEmpty: [false] });
    await expect(
      resolveAnswers({ flags: parseArgs(['app']), cwd, catalogue, prompter: no.prompter }),
    ).rejects.toThrow('is not empty: keep.txt.');
  });
});
