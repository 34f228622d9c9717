/**
 * The answers of `pnpm gen trigger` (the workspace's plopfile.mjs): from the arguments
 * `<event> <name> <starter> <ts|python> [pathPattern]`, and at a terminal from questions for
 * the ones left out (`_` asks for that one).
 *
 * What edge.config.ts allows is worked out before anything is asked (trigger-behavior.ts). So
 * the cache behavior is asked right after the event type, offering the behaviors that can take
 * it and a new one, and a refusal comes before the other questions, never after them. Without
 * a terminal, nothing is asked: anything missing or impossible is an error saying what to pass.
 */
import { parseArgs } from 'node:util';
import { EVENT_TYPES, type EventType } from '@edge-app/events';
import { ToolsError } from '../errors.ts';
import { functionNameProblem, suggestFunctionName } from './names.ts';
import type { StarterInfo, StarterLanguage } from './starters.ts';
import { behaviorSlots, resolveBehavior } from './trigger-behavior.ts';
import type { Choice, TriggerQuestions } from './trigger-questions.ts';

export type { Choice, TriggerQuestions };

export interface TriggerAnswers {
  eventType: EventType;
  name: string;
  starter: string;
  language: StarterLanguage;
  /** pathPattern of the behavior; the default behavior when absent. */
  behavior?: string | undefined;
  /** The behavior does not exist yet: add it for `behavior` first. */
  createBehavior: boolean;
}

export interface TriggerAnswersInput {
  /** The text of edge.config.ts. */
  config: string;
  /** Positional answers in order; undefined (or `_`) for one to ask. */
  args: readonly (string | undefined)[];
  catalogue: readonly StarterInfo[];
  /** Whether packages/<name> exists already. */
  packageExists: (name: string) => boolean;
  /** Present exactly when there is a terminal to ask on. */
  questions?: TriggerQuestions | undefined;
}

export const TRIGGER_USAGE = 'pnpm gen trigger <event> <name> <starter> <ts|python> [pathPattern]';

const EVENT_DESCRIPTIONS: Record<EventType, string> = {
  'viewer-request': 'before the cache, on every request',
  'origin-request': 'on cache misses, before the origin',
  'origin-response': "on the origin's answer, before caching",
  'viewer-response': 'before each response goes to the viewer',
};
const LANGUAGE_NAMES: Record<StarterLanguage, string> = { ts: 'TypeScript', python: 'Python' };

export async function resolveTriggerAnswers(input: TriggerAnswersInput): Promise<TriggerAnswers> {
  const { config, catalogue, questions } = input;
  const [eventArg, nameArg, starterArg, languageArg, behaviorArg] = input.args.map((arg) =>
    arg === undefined || /^_+$/.test(arg) ? undefined : arg,
  );
  if (!questions) refuseMissing([eventArg, nameArg, starterArg, languageArg]);
  const slots = behaviorSlots(config);

  const eventType = eventArg
    ? checkedEventType(eventArg)
    : await ask(questions).select(
        'Event type',
        EVENT_TYPES.map((value) => ({
          name: `${value.padEnd(16)} runs ${EVENT_DESCRIPTIONS[value]}${slots.free(value).includes(undefined) ? '' : ' (the default behavior has one: goes on another behavior)'}`,
          value,
        })),
      );
  const { behavior, createBehavior } = await resolveBehavior(
    eventType,
    behaviorArg,
    slots,
    questions,
    [eventArg, nameArg, starterArg, languageArg],
  );

  const nameProblem = (name: string) => {
    const problem = functionNameProblem(name);
    if (problem) {
      return `"${name}" is not a valid function name: ${problem}. Try "${suggestFunctionName(name)}".`;
    }
    return input.packageExists(name)
      ? `packages/${name} already exists; choose another name.`
      : true;
  };
  const name =
    nameArg ??
    (await ask(questions).input('Function name (its package under packages/)', nameProblem));
  const nameCheck = nameProblem(name);
  if (nameCheck !== true) throw new ToolsError('scaffold', nameCheck);

  const available = catalogue.filter((s) => s.eventType === eventType);
  const starterName =
    starterArg ??
    (available.length === 1
      ? available[0]?.starter
      : await ask(questions).select(
          'Starter',
          available.map((s) => ({
            name: s.description ? `${s.starter.padEnd(20)} ${s.description}` : s.starter,
            value: s.starter,
          })),
        ));
  const starter = available.find((s) => s.starter === starterName);
  if (!starter) {
    throw new ToolsError('scaffold', `There is no "${starterName}" starter for ${eventType}.`, {
      hint: `Use one of: ${available.map((s) => s.starter).join(', ')}.`,
    });
  }

  const language =
    languageArg ??
    (starter.languages.length === 1
      ? starter.languages[0]
      : await ask(questions).select(
          'Language',
          starter.languages.map((value) => ({ name: LANGUAGE_NAMES[value], value })),
        ));
  if (!starter.languages.includes(language as StarterLanguage)) {
    throw new ToolsError(
      'scaffold',
      language === 'ts' || language === 'python'
        ? `The "${starter.starter}" starter for ${eventType} has no ${LANGUAGE_NAMES[language]} version.`
        : `"${language}" is not a starter language.`,
      { hint: `It comes in: ${starter.languages.join(', ')}.` },
    );
  }
  return {
    eventType,
    name,
    starter: starter.starter,
    language: language as StarterLanguage,
    behavior,
    createBehavior,
  };
}

/** Without a terminal, the first four answers must be given. */
function refuseMissing(required: readonly (string | undefined)[]): void {
  if (required.every((arg) => arg !== undefined)) return;
  throw new ToolsError(
    'scaffold',
    'There is no terminal to ask the questions on, and not every answer was given.',
    { hint: `Give them as arguments: ${TRIGGER_USAGE}` },
  );
}

function ask(questions: TriggerQuestions | undefined): TriggerQuestions {
  if (!questions) throw new Error('A question was reached without a terminal.');
  return questions;
}

function checkedEventType(value: string): EventType {
  const match = EVENT_TYPES.find((type) => type === value.toLowerCase());
  if (match) return match;
  throw new ToolsError('scaffold', `"${value}" is not a CloudFront event type.`, {
    hint: `Use one of: ${EVENT_TYPES.join(', ')}.`,
  });
}

/**
 * The answers given on plop's command line (`plop trigger <answers...>`): its positional
 * arguments after the generator's name, plop's own options left out.
 */
export function triggerArguments(argv: readonly string[]): string[] {
  const { positionals } = parseArgs({
    args: [...argv],
    options: {
      plopfile: { type: 'string' },
      cwd: { type: 'string' },
      dest: { type: 'string' },
      preload: { type: 'string', multiple: true },
      completion: { type: 'string' },
    },
    strict: false,
    allowPositionals: true,
  });
  return positionals[0] === 'trigger' ? positionals.slice(1) : positionals;
}
