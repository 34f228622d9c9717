/**
 * Test doubles for the invoke contract: an EdgeFunction that runs a handler in-process and
 * reports its result the way invoke() does (request, response, or a typed error), counting
 * calls. The pipeline tests need the pipeline's behaviour, not worker isolation; the real
 * invoke() is exercised in integration.test.ts.
 */
import type { AnyEvent, EventType } from '@edge-app/events';
import type { EdgeConfig } from '../../src/config.ts';
import type { EdgeFunction, ErrorType, InvokeOutcome } from '../../src/pipeline/index.ts';

type AnyHandler = (event: AnyEvent) => unknown;

export interface CountingFunction extends EdgeFunction {
  calls: AnyEvent[];
}

const meta = { logs: [], warnings: [], durationMs: 0.1, memoryUsedMB: 1 };

export function inlineFunction(eventType: EventType, handler: AnyHandler): CountingFunction {
  const calls: AnyEvent[] = [];
  return {
    eventType,
    calls,
    async invoke(event) {
      calls.push(structuredClone(event));
      let result: unknown;
      try {
        result = await handler(event);
      } catch (error) {
        return {
          kind: 'error',
          errorType: 'LambdaExecutionError',
          status: 503,
          rule: 'unhandled-exception',
          message: (error as Error).message,
          fix: 'Catch the error in the handler.',
          ...meta,
        };
      }
      return toOutcome(eventType, result);
    },
    reload: async () => {},
    dispose: async () => {},
  };
}

function toOutcome(eventType: EventType, result: unknown): InvokeOutcome {
  const value = result as Record<string, unknown>;
  if (eventType === 'viewer-request' || eventType === 'origin-request') {
    if (value && 'status' in value)
      return { kind: 'response', response: value as never, generated: true, ...meta };
    return { kind: 'request', request: value as never, ...meta };
  }
  return { kind: 'response', response: value as never, generated: false, ...meta };
}

/** Forwards what it receives unchanged, as a pass-through trigger. */
export function passThrough(eventType: EventType): CountingFunction {
  return inlineFunction(eventType, (event) => {
    const cf = event.Records[0].cf;
    return 'response' in cf ? cf.response : cf.request;
  });
}

/** Every trigger associated, each with its own function: vreq, oreq, ores, vres. */
export const ALL_TRIGGERS = {
  'viewer-request': 'vreq',
  'origin-request': 'oreq',
  'origin-response': 'ores',
  'viewer-response': 'vres',
} as const;

/** A pass-through function for each name in ALL_TRIGGERS. */
export function fourPassThrough() {
  return {
    vreq: passThrough('viewer-request'),
    oreq: passThrough('origin-request'),
    ores: passThrough('origin-response'),
    vres: passThrough('viewer-response'),
  };
}

/** Always fails the way invoke() reports a failure. */
export function failingFunction(
  eventType: EventType,
  errorType: ErrorType,
  rule: string,
  message: string,
): CountingFunction {
  const calls: AnyEvent[] = [];
  return {
    eventType,
    calls,
    async invoke(event) {
      calls.push(event);
      return {
        kind: 'error',
        errorType,
        status: errorType === 'LambdaValidationError' ? 502 : 503,
        rule,
        message,
        fix: `fix for ${rule}`,
        ...meta,
      };
    },
    reload: async () => {},
    dispose: async () => {},
  };
}

export type OriginCall = {
  method: string;
  url: string;
  headers: Record<string, string | string[]>;
  body: Uint8Array;
};

/** An in-process origin that records requests and answers with `respond`. */
export function recordingOrigin(
  respond: (
    call: OriginCall,
    index: number,
  ) => {
    status: number;
    headers?: Record<string, string | string[]>;
    body?: string | Uint8Array;
  } = () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'hello' }),
) {
  const calls: OriginCall[] = [];
  return {
    calls,
    config: {
      handler: (request: OriginCall) => {
        calls.push(request);
        return respond(request, calls.length - 1);
      },
    },
  };
}

/**
 * One origin and a default behavior running `functions`, with legacy cache settings (60 s default
 * TTL) unless `behavior` names a cache policy or its own settings (`cachePolicy: undefined` for
 * CloudFront's default, CachingOptimized).
 */
export function configWith(
  origin: EdgeConfig['origins'][string],
  functions: NonNullable<EdgeConfig['defaultBehavior']['functions']> = {},
  extra: Partial<EdgeConfig> = {},
  behavior: Partial<EdgeConfig['defaultBehavior']> = {},
): EdgeConfig {
  const cache =
    !('cachePolicy' in behavior) && !('cache' in behavior)
      ? { cache: { defaultTTL: 60, queryStrings: 'none' as const } }
      : {};
  return {
    origins: { default: origin },
    defaultBehavior: { origin: 'default', functions, ...cache, ...behavior },
    ...extra,
  };
}

/** The seven methods a behavior may allow, for tests that send a body. */
export const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'] as const;
export const allMethods = { allowedMethods: [...ALL_METHODS] };

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}
