/**
 * Shared by the invoke tests: the Developer Guide's four example events (copied from
 * /work/shared/fixtures/cloudfront-events/devguide, see LICENSE-SAMPLECODE) and the fixture
 * handlers under handlers/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EventByType, EventType } from '@edge-app/events';

export function loadEvent<T extends EventType>(eventType: T): EventByType[T] {
  const url = new URL(`./events/${eventType}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as EventByType[T];
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
