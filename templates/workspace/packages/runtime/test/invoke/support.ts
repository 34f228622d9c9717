/**
 * Shared by the invoke tests: the Developer Guide's four example events (the validation tests'
 * fixtures, a fresh copy each call) and the fixture handlers under handlers/.
 */
import { fileURLToPath } from 'node:url';
import type { EventByType, EventType } from '@edge-app/events';
import { fixture } from '../validate/helpers.ts';

export function loadEvent<T extends EventType>(eventType: T): EventByType[T] {
  return fixture(eventType);
}

/** A viewer-request event for `uri?querystring`. */
export function viewerRequestFor(uri: string, querystring = ''): EventByType['viewer-request'] {
  const event = loadEvent('viewer-request');
  event.Records[0].cf.request.uri = uri;
  event.Records[0].cf.request.querystring = querystring;
  return event;
}

export function handlerPath(file: string): string {
  return fileURLToPath(new URL(`./handlers/${file}`, import.meta.url));
}
