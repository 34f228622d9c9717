/**
 * Rule ids and how violations are worded. Ids are stable: tests, logs and the `warn` switch
 * refer to them.
 */
import type { Violation } from './types.ts';

export const VALIDATION_RULES = [
  'invalid-result',
  'read-only-field',
  'header-shape',
  'header-key-mismatch',
  'header-name-characters',
  'header-value-type',
  'header-value-characters',
  'disallowed-header',
  'read-only-header',
  'cloudfront-header',
  'status-range',
  'status-description-type',
  'viewer-response-status',
  'response-size',
  'status-204-body',
  'body-type',
  'body-encoding',
  'body-base64',
  'body-size',
  'body-action',
  'body-not-included',
  'uri',
  'url-length',
  'querystring-type',
  'querystring-characters',
  'request-read-only',
  'origin-in-viewer-request',
  'origin-shape',
  'origin-domain-name',
  'origin-port',
  'origin-protocol',
  'origin-read-timeout',
  'origin-keepalive-timeout',
  'origin-path',
  'origin-ssl-protocols',
  'origin-auth-method',
  'origin-region',
  'origin-custom-header-disallowed',
  'origin-custom-header-duplicate',
] as const;

export type RuleId = (typeof VALIDATION_RULES)[number];

/** How CloudFront starts the 502 page of every validation failure (docs/cloudfront-rules.md#validation-errors). */
export const VALIDATION_PREFIX = 'The Lambda function result failed validation: ';

/** Violations found so far; every check appends, none stops at the first. */
export type Violations = Violation[];

export function report(out: Violations, rule: RuleId, detail: string, fix: string): void {
  out.push({ rule, message: VALIDATION_PREFIX + detail, fix });
}

/** One line for a terminal: `[rule] message Fix: fix`. */
export function describeViolation(violation: Violation): string {
  return `[${violation.rule}] ${violation.message} Fix: ${violation.fix}`;
}
