/**
 * The answers of `pnpm gen trigger` (the workspace's plopfile.mjs): from the arguments
 * `<event> <name> <starter> <ts|python> [pathPattern]`, and at a terminal from questions for
 * the ones left out (`_` asks for that one).
 *
 * What edge.config.ts allows is worked out before anything is asked: which behavior still has
 * a free slot for which event type (CloudFront allows one function per event type on a
 * behavior), and whether a behavior can be added for a new path pattern. So the cache behavior
 * is asked right after the event type, offering the behaviors that can take it and a new one,
 * and a refusal comes before the other questions, never after them. Without a terminal,
 * nothing is asked: anything missing or impossible is an error saying what to pass.
 */
import { parseArgs } from 'node:util';
import { EVENT_TYPES, type EventType } from '@edge-app/events';
import { ToolsError } from '../errors.ts';
import { addBehavior, pathPatternProblem } from './behavior-edit.ts';
import { addAssociation, listBehaviorPatterns } from './config-edit.ts';
import { functionNameProblem, suggestFunctionName } from './names.ts';
import type { StarterInfo, StarterLanguage } from './starters.ts';

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

export interface Choice<T extends string> {
  name: string;
  value: T;
}

/** The questions, as a terminal asks them (plop's inquirer in plopfile.mjs; a script in tests). */
export interface TriggerQuestions {
  select<T extends string>(message: string, choices: readonly Choice<T>[]): Promise<T>;
  input(message: string, validate: (value: string) => string | true): Promise<string>;
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
/** The behavior choice that asks for a path pattern. */
const NEW_BEHAVIOR = '\u0000new';
const DEFAULT_BEHAVIOR = 'default';

export async function resolveTriggerAnswers(input: TriggerAnswersInput): Promise<TriggerAnswers> {
  const { config, catalogue, questions } = input;
  const [eventArg, nameArg, starterArg, languageArg, behaviorArg] = input.args.map((arg) =>
    arg === undefined || /^_+$/.test(arg) ? undefined : arg,
  );
  if (!questions) refuseMissing([eventArg, nameArg, starterArg, languageArg]);
  const slots = behaviorSlots(config);

  const eventType = eventArg
    ? checkedEventType(eventArg)
    : await (questions as TriggerQuestions).select(
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

interface Slots {
  /** Every behavior's pathPattern, in order. */
  patterns: string[];
  /** The behaviors (undefined: the default one) where `eventType` can still be added. */
  free(eventType: EventType): Array<string | undefined>;
  /** Why `eventType` cannot go on `behavior`. */
  refusal(eventType: EventType, behavior: string | undefined): ToolsError | undefined;
  /** Why edge.config.ts cannot take a new behavior, when it cannot. */
  behaviorRefusal: ToolsError | undefined;
}

/**
 * What edge.config.ts allows, found by trying each edit on its text: exactly what the scaffold
 * will do, so nothing offered can fail later.
 */
function behaviorSlots(config: string): Slots {
  const patterns = listBehaviorPatterns(config);
  const refusal = (eventType: EventType, behavior: string | undefined) => {
    try {
      addAssociation(config, { eventType, name: 'probe', behavior });
      return undefined;
    } catch (error) {
      if (error instanceof ToolsError) return error;
      throw error;
    }
  };
  let behaviorRefusal: ToolsError | undefined;
  try {
    addBehavior(config, '/edge-probe-pattern/*');
  } catch (error) {
    if (!(error instanceof ToolsError)) throw error;
    behaviorRefusal = error;
  }
  return {
    patterns,
    free: (eventType) => [undefined, ...patterns].filter((b) => !refusal(eventType, b)),
    refusal,
    behaviorRefusal,
  };
}

async function resolveBehavior(
  eventType: EventType,
  pattern: string | undefined,
  slots: Slots,
  questions: TriggerQuestions | undefined,
  given: readonly (string | undefined)[],
): Promise<{ behavior: string | undefined; createBehavior: boolean }> {
  if (pattern !== undefined) return givenBehavior(eventType, pattern, slots);
  const free = slots.free(eventType);
  // A project with only the default behavior, free for this event type: nothing to choose.
  if (slots.patterns.length === 0 && free.includes(undefined)) {
    return { behavior: undefined, createBehavior: false };
  }
  if (!questions) {
    if (free.includes(undefined)) return { behavior: undefined, createBehavior: false };
    throw placementRefusal(eventType, free, slots, given);
  }
  const choices: Choice<string>[] = free.map((pattern) => ({
    name: pattern === undefined ? 'default behavior' : pattern,
    value: pattern ?? DEFAULT_BEHAVIOR,
  }));
  if (!slots.behaviorRefusal) {
    choices.push({ name: 'a new behavior, for a path pattern…', value: NEW_BEHAVIOR });
  }
  if (choices.length === 0) throw placementRefusal(eventType, free, slots, given);
  // Only a new behavior is possible: straight to its pattern, saying why.
  const chosen =
    choices.length === 1 && choices[0]?.value === NEW_BEHAVIOR
      ? NEW_BEHAVIOR
      : await questions.select('Cache behavior', choices);
  if (chosen === DEFAULT_BEHAVIOR) return { behavior: undefined, createBehavior: false };
  if (chosen !== NEW_BEHAVIOR) return { behavior: chosen, createBehavior: false };
  const why = free.length === 0 ? `Every behavior has a ${eventType} function. ` : '';
  const typed = await questions.input(
    `${why}Path pattern of a new behavior (e.g. /api/*)`,
    (value) => {
      if (slots.patterns.includes(value))
        return `edge.config.ts already has a behavior "${value}".`;
      const problem = pathPatternProblem(value);
      return problem ? `"${value}" cannot be a path pattern: ${problem}.` : true;
    },
  );
  return { behavior: typed, createBehavior: true };
}

/** The fifth argument: `default`, an existing behavior's pattern, or a new one to add. */
function givenBehavior(
  eventType: EventType,
  given: string,
  slots: Slots,
): { behavior: string | undefined; createBehavior: boolean } {
  const behavior = given === DEFAULT_BEHAVIOR ? undefined : given;
  if (behavior === undefined || slots.patterns.includes(behavior)) {
    const refusal = slots.refusal(eventType, behavior);
    if (refusal) throw refusal;
    return { behavior, createBehavior: false };
  }
  const problem = pathPatternProblem(behavior);
  if (problem) {
    throw new ToolsError('scaffold', `"${behavior}" cannot be a path pattern: ${problem}.`, {
      hint: `Give "default", an existing behavior's pattern (${slots.patterns.join(', ') || 'there is none yet'}), or a new pattern such as /api/*.`,
    });
  }
  if (slots.behaviorRefusal) throw slots.behaviorRefusal;
  return { behavior, createBehavior: true };
}

/**
 * Without a terminal: the default behavior is taken. Says where the function can go, with the
 * command to run (`given`: the answers given, in order).
 */
function placementRefusal(
  eventType: EventType,
  free: Array<string | undefined>,
  slots: Slots,
  given: readonly (string | undefined)[],
): ToolsError {
  const taken = slots.refusal(eventType, undefined);
  const existing = free.filter((b): b is string => b !== undefined);
  const command = (pattern: string) =>
    `pnpm gen trigger ${[...given.slice(0, 4).map((arg) => arg ?? '_'), `'${pattern}'`].join(' ')}`;
  const ways = [
    ...(slots.behaviorRefusal
      ? []
      : [
          `give a path pattern as the fifth argument to add a behavior for it: ${command('/api/*')}`,
        ]),
    ...(existing.length > 0
      ? [
          `put it on a behavior that can take it (${existing.join(', ')}): ${command(existing[0] ?? '')}`,
        ]
      : []),
  ];
  return new ToolsError(
    'scaffold',
    taken?.message ?? `The default behavior cannot take a ${eventType} function.`,
    {
      hint:
        ways.length > 0
          ? capitalize(ways.join('\n  Or '))
          : `edge.config.ts has no behavior that can take a ${eventType} function, and cannot be given a new one: ${slots.behaviorRefusal?.message}`,
    },
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
