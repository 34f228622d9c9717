/**
 * A request's trace as the inspector keeps it: a copy made once the request is answered, every
 * long string (bodies, base64 data, a huge log line) cut to a bound and listed in `truncated`,
 * so that what is kept is plain data of a known size that nothing else holds on to.
 */
import type { Headers } from '@edge-app/events';
import type { PipelineResponse, RequestTrace, TraceStep } from '../pipeline/types.ts';
import { resultChanges } from './diff.ts';
import type {
  BodyPreview,
  InspectedOrigin,
  InspectedRequest,
  InspectedStep,
  InspectedTrigger,
  RequestSummary,
  TriggerResult,
} from './types.ts';

/** Characters kept of any one string (a body, a log line): the first 64 KB. */
export const STRING_LIMIT = 64 * 1024;

/** Where strings were cut, and how many characters were kept in all: the entry's size. */
interface Bounds {
  limit: number;
  truncated: string[];
  kept: number;
}

export interface Snapshot {
  entry: InspectedRequest;
  /** Characters kept: what the store counts against its budget. */
  size: number;
}

export function snapshot(
  trace: RequestTrace,
  response: PipelineResponse | undefined,
  limit = STRING_LIMIT,
): Snapshot {
  const bounds: Bounds = { limit, truncated: [], kept: 0 };
  const steps = trace.steps.map((step) => inspectStep(step, bounds));
  const queryAt = trace.url.indexOf('?');
  const entry: InspectedRequest = {
    id: trace.requestId,
    time: new Date(trace.receivedAt).toISOString(),
    method: trace.method,
    path: queryAt === -1 ? trace.url : trace.url.slice(0, queryAt),
    url: copyString(trace.url, 'url', bounds),
    status: trace.status,
    cacheResult: trace.cacheResult,
    fromCache: trace.fromCache,
    behavior: trace.behavior,
    triggers: steps.filter(isTrigger).map((step) => ({
      name: step.name,
      functionName: step.functionName,
      durationMs: step.durationMs,
      coldStart: step.coldStart,
      failed: step.result?.kind === 'error',
    })),
    totalMs: trace.totalMs,
    ...(trace.error ? { rule: trace.error.rule } : {}),
    ...(trace.background ? { background: true } : {}),
    request: {
      ...trace.viewer,
      headers: trace.viewer.headers.map(([name, value]) => [
        name,
        copyString(value, `request header ${name}`, bounds),
      ]),
    },
    ...(response
      ? {
          response: {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers.map(([name, value]): [string, string] => [name, value]),
            body: preview(response.body, response.headers, 'response body', bounds),
          },
        }
      : {}),
    policies: { ...trace.policies },
    target: trace.target,
    cache: { ...trace.cache },
    steps,
    ...(trace.error
      ? { error: { ...trace.error, status: trace.customError?.errorCode ?? trace.status } }
      : {}),
    ...(trace.refused ? { refused: { ...trace.refused } } : {}),
    ...(trace.customError ? { customError: { ...trace.customError } } : {}),
    notes: trace.notes.map((note) => ({ ...note })),
    truncated: bounds.truncated,
  };
  return { entry, size: bounds.kept };
}

/** The list's view of an entry. */
export function summarize(entry: InspectedRequest): RequestSummary {
  const { id, time, method, path, url, status, cacheResult, fromCache, behavior } = entry;
  return {
    id,
    time,
    method,
    path,
    url,
    status,
    cacheResult,
    fromCache,
    behavior,
    triggers: entry.triggers,
    totalMs: entry.totalMs,
    ...(entry.rule ? { rule: entry.rule } : {}),
    ...(entry.replayOf ? { replayOf: entry.replayOf } : {}),
    ...(entry.background ? { background: true } : {}),
  };
}

function isTrigger(step: InspectedStep): step is InspectedTrigger {
  return step.name !== 'origin';
}

function inspectStep(step: TraceStep, bounds: Bounds): InspectedStep {
  const startMs = step.startMs ?? 0;
  const endMs = step.endMs ?? startMs + step.durationMs;
  if (step.name === 'origin') {
    const origin: InspectedOrigin = {
      name: 'origin',
      startMs,
      endMs,
      durationMs: step.durationMs,
      status: step.status ?? 0,
      ...(step.origin ? { origin: step.origin } : {}),
      ...(step.attempts === undefined ? {} : { attempts: step.attempts }),
      ...(step.failure ? { failure: step.failure } : {}),
      ...(step.failedOver ? { failedOver: true } : {}),
      ...(step.revalidation ? { revalidation: true } : {}),
      ...(step.errorPage ? { errorPage: true } : {}),
    };
    if (step.answer) {
      const headers = headerPairs(step.answer.headers);
      origin.answer = {
        status: step.answer.status,
        statusDescription: step.answer.statusDescription,
        headers,
        body: preview(step.answer.body, headers, 'origin body', bounds),
      };
    }
    return origin;
  }
  const where = `${step.name} ${step.functionName ?? ''}`.trim();
  const trigger: InspectedTrigger = {
    name: step.name,
    functionName: step.functionName ?? '',
    startMs,
    endMs,
    durationMs: step.durationMs,
    coldStart: step.initDurationMs !== undefined,
    ...(step.initDurationMs === undefined ? {} : { initDurationMs: step.initDurationMs }),
    ...(step.errorPage ? { errorPage: true } : {}),
    changes: [],
    logs: [],
    warnings: [],
  };
  const { invocation } = step;
  if (!invocation) return trigger;
  const { event, outcome } = invocation;
  trigger.memoryUsedMB = outcome.memoryUsedMB;
  trigger.event = copy(event, `${where} event`, bounds) as typeof event;
  trigger.result = copy(resultOf(outcome), `${where} result`, bounds) as TriggerResult;
  trigger.changes = resultChanges(event, outcome).map((change) => ({
    field: change.field,
    ...(change.before === undefined
      ? {}
      : { before: copyString(change.before, `${where} change of ${change.field}`, bounds) }),
    ...(change.after === undefined
      ? {}
      : { after: copyString(change.after, `${where} change of ${change.field}`, bounds) }),
  }));
  trigger.logs = outcome.logs.map((line) => ({
    ...line,
    message: copyString(line.message, `${where} console output`, bounds),
  }));
  trigger.warnings = outcome.warnings.map((warning) => ({ ...warning }));
  return trigger;
}

function resultOf(outcome: NonNullable<TraceStep['invocation']>['outcome']): TriggerResult {
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

/** A deep copy of JSON data, strings cut to the bound. */
function copy(value: unknown, where: string, bounds: Bounds): unknown {
  if (typeof value === 'string') return copyString(value, where, bounds);
  if (Array.isArray(value)) return value.map((item) => copy(item, where, bounds));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, copy(item, where, bounds)]),
    );
  }
  return value;
}

function copyString(value: string, where: string, bounds: Bounds): string {
  if (value.length <= bounds.limit) {
    bounds.kept += value.length;
    return value;
  }
  if (!bounds.truncated.includes(where)) bounds.truncated.push(where);
  bounds.kept += bounds.limit;
  // A copy of the kept part, so the entry does not pin the whole original string.
  return Buffer.from(value.slice(0, bounds.limit), 'utf8').toString('utf8');
}

function headerPairs(headers: Headers): Array<[string, string]> {
  return Object.entries(headers).flatMap(([name, lines]) =>
    lines.map((line): [string, string] => [line.key ?? name, String(line.value)]),
  );
}

/** The first bytes of a body: text when they are UTF-8 and not content-encoded, else base64. */
function preview(
  body: Uint8Array,
  headers: Array<[string, string]>,
  where: string,
  bounds: Bounds,
): BodyPreview {
  const truncated = body.byteLength > bounds.limit;
  if (truncated) bounds.truncated.push(where);
  const kept = Buffer.from(body.subarray(0, bounds.limit));
  const encoded = headers.some(
    ([name, value]) => name.toLowerCase() === 'content-encoding' && value !== 'identity',
  );
  let text: string | undefined;
  if (!encoded) {
    try {
      // `stream` tolerates a character cut in two at the end of the kept part.
      text = new TextDecoder('utf-8', { fatal: true }).decode(kept, { stream: truncated });
    } catch {
      text = undefined;
    }
  }
  const data = text !== undefined && !text.includes('\u0000') ? text : kept.toString('base64');
  bounds.kept += data.length;
  return {
    bytes: body.byteLength,
    encoding: data === text ? 'text' : 'base64',
    data,
    truncated,
  };
}
