import { describe, expect, it } from 'vitest';
import type { StarterInfo } from '../../src/scaffold/starters.ts';
import {
  type Choice,
  resolveTriggerAnswers,
  type TriggerQuestions,
  triggerArguments,
} from '../../src/scaffold/trigger-answers.ts';

function config(body: string): string {
  return `import { defineConfig } from '@edge-app/runtime';\n\nexport default defineConfig({\n${body}\n});\n`;
}

const FOUR_ON_DEFAULT = config(`  origins: { default: { dir: 'public' } },
  defaultBehavior: {
    origin: 'default',
    functions: {
      'viewer-request': 'viewer-request',
      'origin-request': 'origin-request',
      'origin-response': 'origin-response',
      'viewer-response': 'viewer-response',
    },
  },
  behaviors: [{ pathPattern: '/img/*', functions: { 'origin-request': 'images' } }],`);

const catalogue: StarterInfo[] = [
  { eventType: 'viewer-request', starter: 'blank', languages: ['ts', 'python'], description: '' },
  { eventType: 'viewer-request', starter: 'jwt-auth', languages: ['ts'], description: 'JWT' },
  { eventType: 'origin-request', starter: 'blank', languages: ['ts'], description: '' },
];

/** Questions answered from a script, recording what was asked and which choices were offered. */
function scripted(answers: string[]) {
  const asked: Array<{ message: string; choices?: string[] }> = [];
  const questions: TriggerQuestions = {
    async select<T extends string>(message: string, choices: readonly Choice<T>[]) {
      asked.push({ message, choices: choices.map((c) => c.value) });
      const answer = answers.shift();
      if (answer === undefined || !choices.some((c) => c.value === answer)) {
        throw new Error(`no scripted answer among the choices of "${message}"`);
      }
      return answer as T;
    },
    async input(message: string, validate: (value: string) => string | true) {
      asked.push({ message });
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`no scripted answer for "${message}"`);
      const verdict = validate(answer);
      if (verdict !== true) throw new Error(verdict);
      return answer;
    },
  };
  return { questions, asked };
}

const base = { catalogue, packageExists: () => false };

describe('resolveTriggerAnswers', () => {
  it('asks the behavior right after the event type, offering only those that can take it', async () => {
    const { questions, asked } = scripted(['viewer-request', '/img/*', 'auth', 'jwt-auth']);
    const answers = await resolveTriggerAnswers({
      ...base,
      config: FOUR_ON_DEFAULT,
      args: [],
      questions,
    });
    expect(asked.map((q) => q.message)).toEqual([
      'Event type',
      'Cache behavior',
      'Function name (its package under packages/)',
      'Starter',
    ]);
    // The default behavior has a viewer-request function: not offered.
    expect(asked[1]?.choices).toEqual(['/img/*', '\u0000new']);
    expect(answers).toEqual({
      eventType: 'viewer-request',
      name: 'auth',
      starter: 'jwt-auth',
      language: 'ts',
      behavior: '/img/*',
      createBehavior: false,
    });
  });

  it('goes straight to a path pattern when no behavior can take the event type', async () => {
    const { questions, asked } = scripted(['/api/*']);
    const answers = await resolveTriggerAnswers({
      ...base,
      config: FOUR_ON_DEFAULT,
      args: ['origin-request', 'api', 'blank', 'ts'],
      questions,
    });
    expect(asked.map((q) => q.message)).toEqual([
      'Every behavior has an origin-request function. Path pattern of a new behavior (e.g. /api/*)',
    ]);
    expect(answers).toMatchObject({ behavior: '/api/*', createBehavior: true });
  });

  it('marks the event types the default behavior has already', async () => {
    const { questions, asked } = scripted([
      'viewer-request',
      '\u0000new',
      '/x/*',
      'x',
      'blank',
      'python',
    ]);
    const names: string[] = [];
    const recording: TriggerQuestions = {
      ...questions,
      async select<T extends string>(message: string, choices: readonly Choice<T>[]) {
        if (message === 'Event type') names.push(...choices.map((c) => c.name));
        return questions.select(message, choices);
      },
    };
    await resolveTriggerAnswers({
      ...base,
      config: FOUR_ON_DEFAULT,
      args: [],
      questions: recording,
    });
    expect(names.every((name) => name.includes('the default behavior has one'))).toBe(true);
    expect(asked.map((q) => q.message)).toContain('Cache behavior');
  });

  it('takes every answer from the arguments, `_` asking for one', async () => {
    const { questions, asked } = scripted(['second']);
    const answers = await resolveTriggerAnswers({
      ...base,
      config: FOUR_ON_DEFAULT,
      args: ['viewer-request', '_', 'blank', 'python', '/new/*'],
      questions,
    });
    expect(asked.map((q) => q.message)).toEqual(['Function name (its package under packages/)']);
    expect(answers).toEqual({
      eventType: 'viewer-request',
      name: 'second',
      starter: 'blank',
      language: 'python',
      behavior: '/new/*',
      createBehavior: true,
    });
  });

  it('without a terminal, refuses what is missing or impossible before anything else', async () => {
    await expect(
      resolveTriggerAnswers({ ...base, config: FOUR_ON_DEFAULT, args: ['viewer-request'] }),
    ).rejects.toMatchObject({
      message: 'There is no terminal to ask the questions on, and not every answer was given.',
      hint: 'Give them as arguments: pnpm gen trigger <event> <name> <starter> <ts|python> [pathPattern]',
    });
    await expect(
      resolveTriggerAnswers({
        ...base,
        config: FOUR_ON_DEFAULT,
        args: ['origin-request', 'more', 'blank', 'ts', '/img/*'],
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining(
        'The behavior "/img/*" already has a origin-request function ("images")',
      ),
    });
    await expect(
      resolveTriggerAnswers({
        ...base,
        config: FOUR_ON_DEFAULT,
        args: ['viewer-request', 'taken', 'blank', 'ts'],
        packageExists: (name) => name === 'taken',
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('The default behavior already has a viewer-request'),
      hint: expect.stringContaining('Or put it on a behavior that can take it (/img/*)'),
    });
  });
});

describe('triggerArguments', () => {
  it("reads the answers after the generator's name, leaving plop's options out", () => {
    expect(
      triggerArguments([
        '--plopfile',
        '/w/plopfile.mjs',
        'trigger',
        'viewer-request',
        'a',
        '/api/*',
      ]),
    ).toEqual(['viewer-request', 'a', '/api/*']);
    expect(triggerArguments(['viewer-request', '_'])).toEqual(['viewer-request', '_']);
  });
});
