/**
 * Shared by the invoke tests: the Developer Guide's four example events (the validation tests'
 * fixtures, a fresh copy each call), the fixture handlers under handlers/, and functions
 * disposed after each test.
 */
import { fileURLToPath } from 'node:url';
import type { EventByType, EventType } from '@edge-app/events';
import { createFunction, type EdgeFunction } from '../../src/invoke/index.ts';
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

/** An origin-response event whose read-only request has this querystring. */
export function originResponseWithQuery(querystring: string): EventByType['origin-response'] {
  const event = loadEvent('origin-response');
  // The type makes a response event's request read-only, as Lambda@Edge does for handlers.
  Object.assign(event.Records[0].cf.request, { querystring });
  return event;
}

export function handlerPath(file: string): string {
  return fileURLToPath(new URL(`./handlers/${file}`, import.meta.url));
}

const opened: EdgeFunction[] = [];

/** `createFunction`, disposed by `disposeOpened` (each test file's afterEach). */
export function open(handler: string, options: Parameters<typeof createFunction>[1] = {}) {
  const fn = createFunction(handler, options);
  opened.push(fn);
  return fn;
}

export async function disposeOpened(): Promise<void> {
  await Promise.all(opened.splice(0).map((fn) => fn.dispose()));
}
