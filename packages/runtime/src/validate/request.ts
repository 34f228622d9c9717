/**
 * Parts of the request a function may not change: `clientIp` and `method` in request events,
 * the whole request in response events (docs/cloudfront-rules.md#event-request-fields).
 */
import type { Headers } from '@edge-app/events';
import { report, type Violations } from './rules.ts';
import { describeValue } from './values.ts';

export interface RequestSnapshot {
  clientIp?: unknown;
  method?: unknown;
  uri?: unknown;
  querystring?: unknown;
  headers?: unknown;
}

/** `clientIp` and `method` are read-only in every event. */
export function checkReadOnlyFields(
  before: RequestSnapshot,
  after: RequestSnapshot,
  out: Violations,
): void {
  for (const field of ['clientIp', 'method'] as const) {
    const value = after[field];
    if (value === undefined || value === before[field]) continue;
    report(
      out,
      'read-only-field',
      `request.${field} changed from ${describeValue(before[field])} to ${describeValue(value)}; it is read-only.`,
      `Leave request.${field} as the event had it.`,
    );
  }
}

/**
 * Response events can read the request but not change it. The docs state it for the query string
 * and are silent on the URI and headers ("UNCONFIRMED" in
 * docs/cloudfront-rules.md#event-request-fields); a change there has no effect in CloudFront either
 * way, so it is reported as a violation rather than lost without a word.
 */
export function checkRequestUnchanged(
  before: RequestSnapshot | undefined,
  after: RequestSnapshot | undefined,
  out: Violations,
): void {
  if (!before || !after) return;
  const changed: string[] = [];
  if (after.uri !== before.uri) changed.push('uri');
  if ((after.querystring ?? '') !== (before.querystring ?? '')) changed.push('querystring');
  if (!sameHeaderValues(before.headers, after.headers)) changed.push('headers');
  if (changed.length === 0) return;
  report(
    out,
    'request-read-only',
    `the function changed request.${changed.join(', request.')} in a response event; the request is read-only once the response exists.`,
    'Make request changes in a viewer-request or origin-request function; in response events change only the response.',
  );
}

function sameHeaderValues(a: unknown, b: unknown): boolean {
  const before = (a ?? {}) as Headers;
  const after = (b ?? {}) as Headers;
  const names = Object.keys(before);
  if (names.length !== Object.keys(after).length) return false;
  return names.every((name) => {
    const x = before[name];
    const y = Object.hasOwn(after, name) ? after[name] : undefined;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return x === y;
    return x.every((entry, index) => entry?.value === y[index]?.value);
  });
}
