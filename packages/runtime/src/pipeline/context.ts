/** What one request's flow needs from the pipeline, and how a trigger is run. */
import type { AnyEvent, EventType, OriginRequest } from '@edge-app/events';
import type { EdgeConfig, EventLimits } from '../config.ts';
import { RuntimeSetupError } from '../invoke/errors.ts';
import type { Association, ResolvedBehavior } from './behaviors.ts';
import type { CachedResponse, EdgeCache } from './cache.ts';
import type { EdgeFunction, InvokeOutcome } from './contract.ts';
import type { Distribution } from './events.ts';
import type { HeaderPairs } from './headers.ts';
import type { OriginClient } from './origins/index.ts';
import type { EdgeIdentity } from './response.ts';
import type { PipelineResponse, PipelineStats, TraceError } from './types.ts';

export interface FlowContext {
  config: EdgeConfig;
  behaviors: ResolvedBehavior[];
  getFunction(name: string): EdgeFunction | undefined;
  cache: EdgeCache | undefined;
  distribution: Distribution;
  edge: EdgeIdentity;
  limits(eventType: EventType): EventLimits;
  /**
   * The client for a miss: the behavior's configured origin, unless `origin` (what an
   * origin-request function returned, when one ran) points somewhere else.
   */
  originFor(behavior: ResolvedBehavior, origin: OriginRequest['origin'] | undefined): OriginClient;
  stats: PipelineStats;
  now(): number;
  /** Misses on their way to the origin, by cache key, for request collapsing. */
  inflight: Map<string, Promise<CollapsibleResult>>;
}

/** What a leading miss shares with the requests collapsed onto it. */
export interface CollapsibleResult {
  cached: CachedResponse;
  ttlSeconds: number;
}

export interface ViewerHttpRequest {
  method: string;
  url: string;
  headers: HeaderPairs;
  body: Uint8Array;
  clientIp: string;
  protocol: 'http' | 'https';
  httpVersion: string;
}

/** Ends the flow early with a ready response. */
export class Done {
  constructor(readonly response: PipelineResponse) {}
}

/** Runs a trigger; a failed outcome ends the request with CloudFront's error response. */
export type Run = (
  step: EventType,
  association: Association,
  event: AnyEvent,
) => Promise<Exclude<InvokeOutcome, { kind: 'error' }>>;

/** Builds the error response for a failure and returns it wrapped, ready to throw. */
export type Fail = (error: TraceError, status: number) => Done;

export async function invokeSafely(
  ctx: FlowContext,
  step: EventType,
  association: Association,
  event: AnyEvent,
): Promise<InvokeOutcome> {
  ctx.stats.invocations[step]++;
  const fn = ctx.getFunction(association.functionName);
  const started = performance.now();
  const failure = (message: string, fix: string): InvokeOutcome => ({
    kind: 'error',
    errorType: 'LambdaExecutionError',
    status: 503,
    rule: 'function-unavailable',
    message,
    fix,
    logs: [],
    warnings: [],
    durationMs: performance.now() - started,
    memoryUsedMB: 0,
  });
  if (!fn) {
    return failure(
      `No function "${association.functionName}" is loaded for ${step}.`,
      `Add packages/${association.functionName} or fix the association in edge.config.ts.`,
    );
  }
  try {
    return await fn.invoke(event);
  } catch (error) {
    // invoke() reports handler failures as outcomes; a rejection means the runner itself broke.
    return failure(
      `Running "${association.functionName}" failed: ${(error as Error)?.message ?? String(error)}`,
      error instanceof RuntimeSetupError && error.hint
        ? error.hint
        : 'Check the function builds and loads; restart `edge dev` if it persists.',
    );
  }
}
