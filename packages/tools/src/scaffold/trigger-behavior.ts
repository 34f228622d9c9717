/**
 * Where a new function can go in edge.config.ts, for `pnpm gen trigger` (trigger-answers.ts):
 * which behavior still has a free slot for which event type (CloudFront allows one function
 * per event type on a behavior), and whether a behavior can be added for a new path pattern,
 * found by trying the very edits the scaffold makes, so nothing offered can fail later. Then
 * the behavior itself: the fifth argument, or the question at a terminal.
 */
import type { EventType } from '@edge-app/events';
import { ToolsError } from '../errors.ts';
import { addBehavior, pathPatternProblem } from './behavior-edit.ts';
import { addAssociation, listBehaviorPatterns } from './config-edit.ts';
import type { Choice, TriggerQuestions } from './trigger-questions.ts';

/** The behavior choice that asks for a path pattern. */
const NEW_BEHAVIOR = '\u0000new';
const DEFAULT_BEHAVIOR = 'default';

export interface PlacedBehavior {
  /** pathPattern of the behavior; the default behavior when absent. */
  behavior: string | undefined;
  /** The behavior does not exist yet: add it for `behavior` first. */
  createBehavior: boolean;
}

export interface Slots {
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
export function behaviorSlots(config: string): Slots {
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

export async function resolveBehavior(
  eventType: EventType,
  pattern: string | undefined,
  slots: Slots,
  questions: TriggerQuestions | undefined,
  given: readonly (string | undefined)[],
): Promise<PlacedBehavior> {
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
  const why = free.length === 0 ? `Every behavior has ${withArticle(eventType)} function. ` : '';
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
function givenBehavior(eventType: EventType, given: string, slots: Slots): PlacedBehavior {
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
    taken?.message ?? `The default behavior cannot take ${withArticle(eventType)} function.`,
    {
      hint:
        ways.length > 0
          ? capitalize(ways.join('\n  Or '))
          : `edge.config.ts has no behavior that can take ${withArticle(eventType)} function, and cannot be given a new one: ${slots.behaviorRefusal?.message}`,
    },
  );
}

/** "an origin-request", "a viewer-request". */
function withArticle(eventType: EventType): string {
  return `${eventType.startsWith('o') ? 'an' : 'a'} ${eventType}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
