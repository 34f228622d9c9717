/**
 * What one request's flow needs from the pipeline, the state of one request, and how a trigger
 * runs. Every step returns a typed result; a failure is a value (`{ kind: 'failed' }`) that the
 * flow turns into CloudFront's error response, never a thrown object.
 */
import type { AnyEvent, EventType } from '@edge-app/events';
import type { CustomErrorResponse, EdgeConfig, EventLimits } from '../config.ts';
import { RuntimeSetupError } from '../invoke/errors.ts';
import type { Association, ResolvedBehavior } from './behaviors.ts';
import type { RequestBody } from './body.ts';
import type { CachedResponse, EdgeCache } from './cache/store.ts';
import type { EdgeFunction, InvokeOutcome } from './contract.ts';
import type { Distribution } from './events.ts';
import type { HeaderPairs } from './headers.ts';
import type { OriginRegistry } from './origins/registry.ts';
import type { ViewerFacts } from './policies/forwarding.ts';
import type { EdgeIdentity } from './response.ts';
import type { PipelineStats, RequestTrace, TraceError } from './types.ts';

export interface FlowContext {
  config: EdgeConfig;
  behaviors: ResolvedBehavior[];
  getFunction(name: string): EdgeFunction | undefined;
  cache: EdgeCache | undefined;
  distribution: Distribution;
  edge: EdgeIdentity;
  limits(eventType: EventType): EventLimits;
  origins: OriginRegistry;
  stats: PipelineStats;
  now(): number;
  /** Misses on their way to the origin, by cache key, for request collapsing. */
  inflight: Map<string, Promise<StoredResult | undefined>>;
  /** Custom error responses by error code. */
  errorResponses: ReadonlyMap<number, CustomErrorResponse>;
  undocumented: { headServedFromCachedGet: boolean; originResponseOnOriginFailure: boolean };
  /** Background work (stale-while-revalidate refreshes) not tied to a viewer's response. */
  background: Set<Promise<unknown>>;
  /** Hands the trace of finished background work to whoever reads traces. */
  reportBackground(trace: RequestTrace): void;
}

/** What a miss stored, shared with the requests collapsed onto it. */
export interface StoredResult {
  response: CachedResponse;
  ttlSeconds: number;
}

export interface ViewerHttpRequest {
  method: string;
  url: string;
  headers: HeaderPairs;
  body: RequestBody;
  clientIp: string;
  clientPort: number;
  protocol: 'http' | 'https';
  httpVersion: string;
}

/** The state of one viewer request as it moves through the steps. */
export interface RequestState {
  requestId: string;
  /** `performance.now()` when the request arrived; steps record their start relative to it. */
  started: number;
  facts: ViewerFacts;
  trace: RequestTrace;
}

/** A step that could not finish: what to report and the status CloudFront answers with. */
export interface Failure {
  error: TraceError;
  status: number;
}

export type TriggerResult =
  | Exclude<InvokeOutcome, { kind: 'error' }>
  | { kind: 'failed'; failure: Failure };

/** Runs a trigger and records it in the trace; a failed outcome comes back as `failed`. */
export async function runTrigger(
  ctx: FlowContext,
  state: RequestState,
  step: EventType,
  association: Association,
  event: AnyEvent,
  options: { errorPage?: boolean } = {},
): Promise<TriggerResult> {
  const startMs = performance.now() - state.started;
  const outcome = await invokeSafely(ctx, step, association, event);
  const { trace } = state;
  trace.steps.push({
    name: step,
    startMs,
    endMs: performance.now() - state.started,
    durationMs: outcome.durationMs,
    functionName: association.functionName,
    ...(outcome.initDurationMs === undefined ? {} : { initDurationMs: outcome.initDurationMs }),
    ...(options.errorPage ? { errorPage: true } : {}),
    invocation: { event, outcome },
  });
  for (const line of outcome.logs)
    trace.logs.push({ step, functionName: association.functionName, line });
  for (const violation of outcome.warnings)
    trace.warnings.push({ step, functionName: association.functionName, violation });
  if (outcome.kind !== 'error') return outcome;
  return {
    kind: 'failed',
    failure: {
      status: outcome.status,
      error: {
        step,
        functionName: association.functionName,
        errorType: outcome.errorType,
        rule: outcome.rule,
        message: outcome.message,
        fix: outcome.fix,
      },
    },
  };
}

async function invokeSafely(
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
