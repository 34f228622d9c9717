/**
 * Response status rules (docs/cloudfront-rules.md#event-response-fields,
 * docs/cloudfront-rules.md#generated-responses).
 *
 * CloudFront documents `status` as a string ("Lambda@Edge event structure" and "Generating HTTP
 * responses in request triggers": `status: '200'`), yet AWS's own example functions set
 * numbers ("Lambda@Edge example functions", lambda-examples.html: the origin-response examples
 * that turn error statuses into 200 or 302 assign `response.status = 200` / `302`) and
 * CloudFront serves them. Numbers are therefore accepted and normalized to the documented
 * string form, so everything downstream sees one type.
 */
import { report, type Violations } from './rules.ts';
import { describeValue } from './values.ts';

const THREE_DIGITS = /^\d{3}$/;

/** The status as the documented string, or undefined when it is not an integer 200–599. */
export function parseStatus(value: unknown): string | undefined {
  let code: number | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) code = value;
  else if (typeof value === 'string' && THREE_DIGITS.test(value)) code = Number(value);
  return code !== undefined && code >= 200 && code <= 599 ? String(code) : undefined;
}

/** Checks `status` is 200–599 and returns it as a string (the input when unusable). */
export function normalizeStatus(value: unknown, path: string, out: Violations): string {
  const status = parseStatus(value);
  if (status !== undefined) return status;
  report(
    out,
    'status-range',
    `${path}.status is ${describeValue(value)}; it must be an HTTP status code from 200 to 599.`,
    `Set ${path}.status to a code such as '200', '302' or '404' (a string; a number is accepted).`,
  );
  return String(value);
}

/** viewer-response functions cannot change the status, from cache or origin alike. */
export function checkViewerResponseStatus(
  before: unknown,
  after: unknown,
  path: string,
  out: Violations,
): string {
  const original = String(before);
  const returned = parseStatus(after) ?? String(after);
  if (returned !== original) {
    report(
      out,
      'viewer-response-status',
      `${path}.status changed from '${original}' to ${describeValue(after)}; a viewer-response function cannot change the status.`,
      'Keep the status the event had. To change it, use an origin-response function, or generate the response in viewer-request.',
    );
  }
  return original;
}

export function checkStatusDescription(value: unknown, path: string, out: Violations): void {
  if (value === undefined || typeof value === 'string') return;
  report(
    out,
    'status-description-type',
    `${path}.statusDescription is ${describeValue(value)}; it must be a string.`,
    `Set ${path}.statusDescription to a string such as 'OK', or leave it out.`,
  );
}
