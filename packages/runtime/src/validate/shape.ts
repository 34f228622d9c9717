/**
 * What kind of result a function returned (docs/cloudfront-rules.md#generated-responses): request
 * events may return the request (continue) or a response (an object with `status`, which
 * short-circuits); response events must return the response.
 */
import type { EventType } from '@edge-app/events';
import { report, type Violations } from './rules.ts';
import { describeValue, isRecord } from './values.ts';

export type ResultShape = 'request' | 'generated' | 'response' | 'invalid';

export function isRequestEvent(eventType: EventType): boolean {
  return eventType === 'viewer-request' || eventType === 'origin-request';
}

export function classifyResult(
  eventType: EventType,
  result: unknown,
  out: Violations,
): ResultShape {
  const requestEvent = isRequestEvent(eventType);
  const expected = requestEvent
    ? 'the request (event.Records[0].cf.request) or a response object with a status'
    : 'the response (event.Records[0].cf.response)';
  if (!isRecord(result)) {
    invalid(out, `the function returned ${describeValue(result)}`, expected);
    return 'invalid';
  }
  if ('Records' in result) {
    invalid(out, 'the function returned the whole event', expected);
    return 'invalid';
  }
  const hasStatus = result.status !== undefined;
  if (!hasStatus && result.statusCode !== undefined) {
    report(
      out,
      'invalid-result',
      "the result has statusCode, which is API Gateway's field; Lambda@Edge responses use status.",
      "Rename statusCode to status (e.g. status: '302') and give headers as { name: [{ key, value }] }.",
    );
    return 'invalid';
  }
  if (requestEvent) return hasStatus ? 'generated' : 'request';
  if (hasStatus) return 'response';
  invalid(
    out,
    typeof result.uri === 'string'
      ? `the function returned the request, but a ${eventType} function must return the response`
      : 'the result has no status, so it is not a response',
    expected,
  );
  return 'invalid';
}

function invalid(out: Violations, what: string, expected: string): void {
  report(out, 'invalid-result', `${what}.`, `Return ${expected}.`);
}
