/** The CloudFront triggers a project can have functions for, in request-flow order. */
import { EVENT_TYPES, type EventType } from '@edge-app/events';

export type Trigger = EventType;
export type Language = 'ts' | 'python';

export const TRIGGERS: readonly Trigger[] = EVENT_TYPES;
export const LANGUAGES: readonly Language[] = ['ts', 'python'];

export function isTrigger(value: string): value is Trigger {
  return (TRIGGERS as readonly string[]).includes(value);
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}
