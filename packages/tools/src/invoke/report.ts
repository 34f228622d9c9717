/**
 * What `edge invoke` prints: what CloudFront would do next with the function's result (go on
 * with the request, answer with a response, or fail with its status, rule and fix), what the
 * function changed, its console output, duration, init duration and memory. `--json` prints the
 * same report as one object.
 */
import type { AnyEvent, EventType } from '@edge-app/events';
import {
  type Change,
  type InvokeOutcome,
  type LogLine,
  resultChanges,
  type TriggerResult,
  type Violation,
} from '@edge-app/runtime';

export interface InvokeReport {
  function: string;
  eventType: EventType;
  /** What CloudFront does next: go on with the request, answer with a response, or fail. */
  next: 'forward' | 'answer' | 'fail';
  result: TriggerResult;
  /** What the function changed from the event to its result. */
  changes: Change[];
  logs: LogLine[];
  warnings: Violation[];
  /** The handler's time (Lambda's Duration). */
  durationMs: number;
  /** Starting the container and loading the module (Lambda's Init Duration): always a cold start here. */
  initDurationMs?: number;
  /** Lambda's Max Memory Used. */
  memoryUsedMB: number;
  /** The function's memory size. */
  memoryMB: number;
  /** The event the function received. */
  event: AnyEvent;
}

export function invokeReport(
  fields: { function: string; eventType: EventType; memoryMB: number; event: AnyEvent },
  outcome: InvokeOutcome,
): InvokeReport {
  const { logs, warnings, durationMs, initDurationMs, memoryUsedMB } = outcome;
  return {
    function: fields.function,
    eventType: fields.eventType,
    next: outcome.kind === 'error' ? 'fail' : outcome.kind === 'request' ? 'forward' : 'answer',
    result: resultOf(outcome),
    changes: resultChanges(fields.event, outcome),
    logs,
    warnings,
    durationMs,
    ...(initDurationMs === undefined ? {} : { initDurationMs }),
    memoryUsedMB,
    memoryMB: fields.memoryMB,
    event: fields.event,
  };
}

function resultOf(outcome: InvokeOutcome): TriggerResult {
  switch (outcome.kind) {
    case 'request':
      return { kind: 'request', request: outcome.request };
    case 'response':
      return { kind: 'response', response: outcome.response, generated: outcome.generated };
    case 'error': {
      const { errorType, status, rule, message, fix } = outcome;
      return { kind: 'error', errorType, status, rule, message, fix };
    }
  }
}

/** Characters of a response body printed; `--json` has all of it. */
const BODY_PREVIEW = 2000;

export function formatReport(report: InvokeReport): string {
  const lines = [whatNext(report)];
  const { result } = report;
  if (result.kind === 'error') {
    lines.push(...indent(result.message), `  fix: ${result.fix}`);
  } else if (result.kind === 'response') {
    for (const [name, entries] of Object.entries(result.response.headers ?? {}))
      for (const entry of entries) lines.push(`  ${entry.key ?? name}: ${entry.value}`);
    const { body } = result.response;
    if (body) {
      const shown = body.length > BODY_PREVIEW ? `${body.slice(0, BODY_PREVIEW)}…` : body;
      lines.push('', ...indent(shown));
    }
  }
  if (report.changes.length > 0 && !(result.kind === 'response' && result.generated)) {
    lines.push('', 'changes:');
    for (const change of report.changes) lines.push(`  ${describeChange(change)}`);
  }
  for (const warning of report.warnings) {
    lines.push('', `⚠ [${warning.rule}] ${warning.message}`, `  fix: ${warning.fix}`);
  }
  lines.push('', report.logs.length > 0 ? 'console:' : 'console: (nothing)');
  for (const line of report.logs) lines.push(...indent(`${line.level}: ${line.message}`));
  lines.push('', timing(report));
  return lines.join('\n');
}

function whatNext(report: InvokeReport): string {
  const { result, eventType } = report;
  if (result.kind === 'error') {
    return `✖ CloudFront fails the request: ${result.status} (X-Cache: ${result.errorType} from cloudfront) [${result.rule}]`;
  }
  if (result.kind === 'request') {
    const { method, uri, querystring } = result.request;
    const target = `${method} ${uri}${querystring ? `?${querystring}` : ''}`;
    if (eventType === 'viewer-request')
      return `→ CloudFront goes on with the request: ${target} (to the cache; on a miss, to origin-request and the origin)`;
    const origin = 'origin' in result.request ? result.request.origin : undefined;
    const where = origin?.custom
      ? ` ${origin.custom.protocol}://${origin.custom.domainName}:${origin.custom.port}${origin.custom.path}`
      : origin?.s3
        ? ` s3://${origin.s3.domainName}${origin.s3.path}`
        : '';
    return `→ CloudFront sends the request to the origin${where}: ${target}`;
  }
  const { status, statusDescription } = result.response;
  const line = `${status}${statusDescription ? ` ${statusDescription}` : ''}`;
  switch (eventType) {
    case 'viewer-request':
      return `→ CloudFront answers the viewer with this response: ${line} (not cached; no origin, no viewer-response)`;
    case 'origin-request':
      return `→ CloudFront answers with this response instead of the origin's: ${line} (cached as the origin's would be; origin-response does not run)`;
    case 'origin-response':
      return `→ CloudFront caches this response and sends it on: ${line}`;
    case 'viewer-response':
      return `→ CloudFront sends the viewer this response: ${line}`;
  }
}

function describeChange(change: Change): string {
  const show = (value: string) => JSON.stringify(value);
  if (change.before === undefined) return `${change.field}: added ${show(change.after ?? '')}`;
  if (change.after === undefined) return `${change.field}: removed (was ${show(change.before)})`;
  return `${change.field}: ${show(change.before)} → ${show(change.after)}`;
}

function timing(report: InvokeReport): string {
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const parts = [`duration ${ms(report.durationMs)}`];
  if (report.initDurationMs !== undefined)
    parts.push(`init duration ${ms(report.initDurationMs)} (cold start)`);
  parts.push(`max memory used ${report.memoryUsedMB} MB of ${report.memoryMB} MB`);
  return parts.join(' · ');
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => `  ${line}`);
}
