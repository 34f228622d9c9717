/**
 * Events for validation tests: the Developer Guide's four example events (in
 * fixtures/devguide/, as AWS publishes them, with their sample-code licence alongside), each call a fresh copy so tests can change them freely.
 */
import { readFileSync } from 'node:fs';
import type { AnyEvent, EventByType, EventType } from '@edge-app/events';
import type { EventLimits } from '../../src/config.ts';
import { resolveLimits } from '../../src/limits.ts';
import { type ValidationResult, validateResult } from '../../src/validate/index.ts';

const parsed = new Map<EventType, unknown>();

export function fixture<T extends EventType>(eventType: T): EventByType[T] {
  if (!parsed.has(eventType)) {
    const url = new URL(`./fixtures/devguide/${eventType}.json`, import.meta.url);
    parsed.set(eventType, JSON.parse(readFileSync(url, 'utf8')));
  }
  return structuredClone(parsed.get(eventType)) as EventByType[T];
}

/** Untyped on purpose: tests break results in ways the event types forbid. */
// biome-ignore lint/suspicious/noExplicitAny: handler results are untyped JSON at runtime
export type Loose = Record<string, any>;

/** `cf.request` / `cf.response` of a fresh fixture, loosely typed so tests can break them. */
export function requestOf(eventType: EventType): Loose {
  return fixture(eventType).Records[0].cf.request as Loose;
}
export function responseOf(eventType: 'origin-response' | 'viewer-response'): Loose {
  return fixture(eventType).Records[0].cf.response as Loose;
}

export interface ValidateOptions {
  event?: AnyEvent;
  limits?: Partial<EventLimits>;
  eventAfter?: AnyEvent;
}

/** Validates `result` against a pristine fixture of `eventType` (or `options.event`). */
export function validate(
  eventType: EventType,
  result: unknown,
  options: ValidateOptions = {},
): ValidationResult {
  return validateResult({
    eventType,
    event: options.event ?? fixture(eventType),
    result,
    limits: resolveLimits(eventType, 'strict', options.limits),
    ...(options.eventAfter ? { eventAfter: options.eventAfter } : {}),
  });
}

/** The rule ids a result broke, in report order. */
export function rules(result: ValidationResult): string[] {
  return result.violations.map((violation) => violation.rule);
}

/** The headers entry CloudFront uses: `[{ key, value }]`. */
export function header(key: string, value: string): Array<{ key: string; value: string }> {
  return [{ key, value }];
}
