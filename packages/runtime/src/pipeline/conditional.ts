/**
 * Conditional requests (docs/cloudfront-rules.md#conditional-requests): a viewer's If-None-Match or
 * If-Modified-Since answered with 304 from a cached object, and the validators CloudFront sends
 * when it revalidates an expired one.
 */

import type { Headers } from '@edge-app/events';
import type { CachedResponse } from './cache/store.ts';
import { headerOf } from './headers.ts';
import type { FinalResponse } from './response.ts';

/** Whether the viewer's validators match `headers` (RFC 9110 §13.1: If-None-Match first, weak comparison). */
export function viewerHasCurrentCopy(request: Headers, headers: Headers): boolean {
  const ifNoneMatch = headerOf(request, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    const etag = headerOf(headers, 'etag');
    if (etag === undefined) return false;
    const wanted = opaque(etag);
    return ifNoneMatch
      .split(',')
      .some((tag) => tag.trim() === '*' || opaque(tag.trim()) === wanted);
  }
  const ifModifiedSince = headerOf(request, 'if-modified-since');
  const lastModified = headerOf(headers, 'last-modified');
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = Date.parse(lastModified);
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

const ENTITY_HEADERS = new Set([
  'content-length',
  'content-type',
  'content-encoding',
  'content-range',
]);

/** A 304 for `response`: its validators and caching headers, no body. */
export function notModifiedFrom(response: FinalResponse): FinalResponse {
  const headers: Headers = {};
  for (const [name, lines] of Object.entries(response.headers)) {
    if (!ENTITY_HEADERS.has(name)) headers[name] = lines;
  }
  return { status: 304, statusDescription: 'Not Modified', headers, body: new Uint8Array() };
}

/** The conditional headers CloudFront adds when it asks the origin about an expired object. */
export function revalidationHeaders(stored: CachedResponse): Array<[string, string]> {
  const added: Array<[string, string]> = [];
  const etag = headerOf(stored.headers, 'etag');
  if (etag !== undefined) added.push(['If-None-Match', etag]);
  const lastModified = headerOf(stored.headers, 'last-modified');
  if (lastModified !== undefined) added.push(['If-Modified-Since', lastModified]);
  return added;
}

/** The stored object with the header values a 304 sent (RFC 9111 §4.3.4); its body stays. */
export function refreshedBy(stored: CachedResponse, notModified: FinalResponse): CachedResponse {
  const headers: Headers = { ...stored.headers };
  for (const [name, lines] of Object.entries(notModified.headers)) {
    if (!ENTITY_HEADERS.has(name)) headers[name] = lines;
  }
  return { ...stored, headers };
}
