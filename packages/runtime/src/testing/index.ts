/**
 * Assertions for handler tests: plain functions that throw a readable error saying what came
 * instead, so they work under vitest (the error carries `actual`/`expected` for its diff) and
 * anywhere else. Each returns the narrowed value so a test can go on checking it.
 */
import type {
  GeneratedResponse,
  HeaderEntry,
  OriginRequest,
  ResultResponse,
  ViewerRequest,
} from '@edge-app/events';
import { EdgeRuntimeError } from '../errors.ts';
import type { ErrorOutcome, ErrorType, InvokeOutcome } from '../invoke/index.ts';

export class EdgeAssertionError extends EdgeRuntimeError {
  // The name test runners recognise as a failed assertion.
  override readonly name = 'AssertionError';
  /** Read by vitest to show a diff. */
  readonly showDiff: boolean;
  constructor(
    message: string,
    readonly actual?: unknown,
    readonly expected?: unknown,
  ) {
    super('assertion', message);
    this.showDiff = expected !== undefined;
  }
}

const REDIRECT_STATUSES = ['301', '302', '303', '307', '308'];
const LOG_LINES_SHOWN = 10;

/** One line about an outcome, for "got …" in failure messages. */
export function describeOutcome(outcome: InvokeOutcome): string {
  switch (outcome.kind) {
    case 'request':
      return `a forwarded request (${outcome.request.method} ${outcome.request.uri}${outcome.request.querystring ? `?${outcome.request.querystring}` : ''})`;
    case 'response':
      return `a ${outcome.response.status} ${outcome.generated ? 'generated ' : ''}response`;
    case 'error':
      return `a ${outcome.status} ${outcome.errorType} (${outcome.rule}): ${outcome.message}${logTail(outcome)}`;
  }
}

function logTail(outcome: InvokeOutcome): string {
  if (outcome.logs.length === 0) return '';
  const shown = outcome.logs
    .slice(-LOG_LINES_SHOWN)
    .map((line) => `  [${line.level}] ${line.message}`);
  return `\nLast log lines:\n${shown.join('\n')}`;
}

/** The outcome is a forwarded request; returns it. */
export function expectForwarded(outcome: InvokeOutcome): ViewerRequest | OriginRequest {
  if (outcome.kind !== 'request') {
    throw new EdgeAssertionError(
      `expected a forwarded request, got ${describeOutcome(outcome)}`,
      outcome.kind,
      'request',
    );
  }
  return outcome.request;
}

/** The outcome is a response (generated or returned by a response function), with `status` if given. */
export function expectResponse(
  outcome: InvokeOutcome,
  status?: number | string,
): ResultResponse | GeneratedResponse {
  const wanted = status === undefined ? 'a response' : `a ${status} response`;
  if (outcome.kind !== 'response') {
    throw new EdgeAssertionError(
      `expected ${wanted}, got ${describeOutcome(outcome)}`,
      outcome.kind,
      'response',
    );
  }
  if (status !== undefined && String(outcome.response.status) !== String(status)) {
    throw new EdgeAssertionError(
      `expected ${wanted}, got a ${outcome.response.status} response`,
      String(outcome.response.status),
      String(status),
    );
  }
  return outcome.response;
}

/** The outcome is a redirect (301, 302, 303, 307 or 308, or exactly `status`) to `location`. */
export function expectRedirect(
  outcome: InvokeOutcome,
  location: string,
  status?: number | string,
): ResultResponse | GeneratedResponse {
  const response = expectResponse(outcome, status);
  const code = String(response.status);
  if (status === undefined && !REDIRECT_STATUSES.includes(code)) {
    throw new EdgeAssertionError(
      `expected a redirect (${REDIRECT_STATUSES.join(', ')}) to ${location}, got a ${code} response`,
      code,
      REDIRECT_STATUSES.join('|'),
    );
  }
  expectHeader(response, 'location', location);
  return response;
}

type HeaderHolder = { headers?: Record<string, HeaderEntry[]> | undefined };

/**
 * The request or response (or the outcome carrying one) has header `name` (any case), with
 * `value` when given (exact string or pattern, matched against every line of that header).
 * Returns the first matching value.
 */
export function expectHeader(
  target: HeaderHolder | InvokeOutcome,
  name: string,
  value?: string | RegExp,
): string {
  const holder = headerHolder(target, name);
  const headers = holder.headers ?? {};
  const entries = headers[name.toLowerCase()] ?? [];
  if (entries.length === 0) {
    const present = Object.keys(headers);
    throw new EdgeAssertionError(
      `expected a "${name.toLowerCase()}" header, got ${present.length === 0 ? 'no headers' : `only: ${present.join(', ')}`}`,
      present,
      name.toLowerCase(),
    );
  }
  const values = entries.map((entry) => entry.value);
  if (value === undefined) return values[0] as string;
  const match = values.find((v) => (typeof value === 'string' ? v === value : value.test(v)));
  if (match === undefined) {
    const shown = values.map((v) => JSON.stringify(v)).join(', ');
    throw new EdgeAssertionError(
      `expected header "${name.toLowerCase()}" to be ${typeof value === 'string' ? JSON.stringify(value) : String(value)}, got ${shown}`,
      values.length === 1 ? values[0] : values,
      typeof value === 'string' ? value : String(value),
    );
  }
  return match;
}

function headerHolder(target: HeaderHolder | InvokeOutcome, name: string): HeaderHolder {
  if (!('kind' in target)) return target;
  if (target.kind === 'request') return target.request;
  if (target.kind === 'response') return target.response;
  throw new EdgeAssertionError(
    `expected a request or response with a "${name.toLowerCase()}" header, got ${describeOutcome(target)}`,
    target.kind,
    'request|response',
  );
}

/** The outcome is an error of `errorType` (and `rule` when given); returns it. */
export function expectError(
  outcome: InvokeOutcome,
  errorType: ErrorType,
  rule?: string,
): ErrorOutcome {
  const wanted = `a ${errorType}${rule ? ` (${rule})` : ''}`;
  if (outcome.kind !== 'error') {
    throw new EdgeAssertionError(
      `expected ${wanted}, got ${describeOutcome(outcome)}`,
      outcome.kind,
      'error',
    );
  }
  if (outcome.errorType !== errorType || (rule !== undefined && outcome.rule !== rule)) {
    throw new EdgeAssertionError(
      `expected ${wanted}, got ${describeOutcome(outcome)}`,
      `${outcome.errorType} (${outcome.rule})`,
      `${errorType}${rule ? ` (${rule})` : ''}`,
    );
  }
  return outcome;
}
