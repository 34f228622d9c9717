/**
 * The miss path (docs/cloudfront-rules.md#pipeline-order, steps 4-6): origin-request, the origin,
 * origin-response. What it returns is what the cache stores.
 */
import type { Headers, OriginRequest, ResultResponse, ViewerRequest } from '@edge-app/events';
import type { ResolvedBehavior } from './behaviors.ts';
import type { CachedResponse } from './cache.ts';
import type { Fail, FlowContext, Run } from './context.ts';
import {
  configuredEventOrigin,
  originRequestEvent,
  originResponseEvent,
  responseEventRequest,
  toOriginRequest,
  type ViewerFacts,
} from './events.ts';
import { cloneHeaders } from './headers.ts';
import type { FinalResponse } from './response.ts';
import {
  applyResult,
  bodyAfter,
  exposeBody,
  fromGenerated,
  hasBody,
  toEventResponse,
} from './results.ts';
import type { RequestTrace } from './types.ts';

export interface MissInput {
  behavior: ResolvedBehavior;
  /** The request as viewer-request left it. */
  request: ViewerRequest;
  body: Uint8Array;
  facts: ViewerFacts;
  requestId: string;
  run: Run;
  fail: Fail;
  trace: RequestTrace;
}

export async function fetchThroughOrigin(
  ctx: FlowContext,
  input: MissInput,
): Promise<CachedResponse> {
  const { behavior, request, facts, requestId, run, fail, trace } = input;
  const initialOrigin = configuredEventOrigin(behavior);
  let originRequest = toOriginRequest(request, initialOrigin, facts);
  let body = input.body;
  const association = behavior.functions['origin-request'];
  if (association) {
    if (association.includeBody && hasBody(request.method, body))
      originRequest.body = exposeBody(body, ctx.limits('origin-request').bodyBytes);
    const event = originRequestEvent(ctx.distribution, requestId, originRequest);
    const outcome = await run('origin-request', association, event);
    if (outcome.kind === 'response') {
      // Cached, and origin-response does not run for it (docs/cloudfront-rules.md#skip-rules, step
      // 4).
      return { ...fromGenerated(outcome.response), generated: true };
    }
    originRequest = outcome.request as OriginRequest;
    body = bodyAfter(originRequest.body, body);
  }

  // Without an origin-request function the origin is the configured one, as built above.
  const client = ctx.originFor(behavior, association ? originRequest.origin : undefined);
  const customHeaders =
    originRequest.origin.custom?.customHeaders ?? originRequest.origin.s3?.customHeaders ?? {};
  const headers: Headers = {
    ...cloneHeaders(originRequest.headers),
    ...cloneHeaders(customHeaders),
  };
  ctx.stats.originFetches++;
  const started = performance.now();
  const result = await client.fetch({
    method: originRequest.method,
    uri: originRequest.uri,
    querystring: originRequest.querystring,
    headers,
    body,
  });
  trace.steps.push({
    name: 'origin',
    durationMs: performance.now() - started,
    status: result.ok ? result.response.status : 0,
  });
  if (!result.ok) {
    const { status, message, fix } = result.failure;
    throw fail(
      { step: 'origin', errorType: 'OriginError', rule: `origin-${status}`, message, fix },
      status,
    );
  }
  let response: FinalResponse = result.response;

  // origin-response runs for every origin status, before caching
  // (docs/cloudfront-rules.md#pipeline-order, step 6).
  const originResponse = behavior.functions['origin-response'];
  if (originResponse) {
    const event = originResponseEvent(
      ctx.distribution,
      requestId,
      responseEventRequest(originRequest),
      toEventResponse(response),
    );
    const outcome = await run('origin-response', originResponse, event);
    if (outcome.kind === 'response')
      response = applyResult(response, outcome.response as ResultResponse, true);
  }
  return { ...response, generated: false };
}
