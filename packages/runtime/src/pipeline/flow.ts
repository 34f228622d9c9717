/**
 * One viewer request through the distribution, in CloudFront's order
 * (docs/cloudfront-rules.md#pipeline-order): viewer-request → cache → [origin-request → origin →
 * origin-response → store] → viewer-response.
 */
import { getHeader, type ResultResponse, type ViewerRequest } from '@edge-app/events';
import { selectBehavior } from './behaviors.ts';
import { type CachedResponse, computeTtlSeconds } from './cache.ts';
import {
  type CollapsibleResult,
  Done,
  type FlowContext,
  invokeSafely,
  type Run,
  type ViewerHttpRequest,
} from './context.ts';
import { errorPage, statusText, viewerMessage } from './error-page.ts';
import {
  newRequestId,
  responseEventRequest,
  type ViewerFacts,
  viewerRequestEvent,
  viewerResponseEvent,
} from './events.ts';
import { toHeaderMap, withoutDisallowed } from './headers.ts';
import { fetchThroughOrigin } from './miss.ts';
import { buildPipelineResponse, type FinalResponse } from './response.ts';
import {
  applyResult,
  bodyAfter,
  exposeBody,
  fromGenerated,
  hasBody,
  toEventResponse,
} from './results.ts';
import type { CacheResult, PipelineResponse, RequestTrace, TraceError } from './types.ts';
import { DEFAULT_VIEWER_COUNTRY, VIEWER_COUNTRY_HEADER } from './viewer.ts';

export type { FlowContext, ViewerHttpRequest } from './context.ts';

export async function handleRequest(
  ctx: FlowContext,
  viewer: ViewerHttpRequest,
): Promise<PipelineResponse> {
  const started = performance.now();
  const requestId = newRequestId();
  const queryAt = viewer.url.indexOf('?');
  const uri = (queryAt === -1 ? viewer.url : viewer.url.slice(0, queryAt)) || '/';
  const querystring = queryAt === -1 ? '' : viewer.url.slice(queryAt + 1);
  // The behavior (and so the origin) is chosen once, from the viewer's path
  // (docs/cloudfront-rules.md#behavior-selection).
  const behavior = selectBehavior(ctx.behaviors, uri);
  const trace: RequestTrace = {
    requestId,
    method: viewer.method,
    url: viewer.url,
    status: 0,
    cacheResult: 'Miss',
    fromCache: false,
    behavior: behavior.pathPattern,
    steps: [],
    warnings: [],
    logs: [],
    totalMs: 0,
  };
  ctx.stats.requests++;
  const viewerHeaders = toHeaderMap(viewer.headers);
  const facts: ViewerFacts = {
    clientIp: viewer.clientIp,
    country:
      getHeader(viewerHeaders, VIEWER_COUNTRY_HEADER) ??
      ctx.config.dev?.viewerCountry ??
      DEFAULT_VIEWER_COUNTRY,
    protocol: viewer.protocol,
    httpVersion: viewer.httpVersion,
    userAgent: getHeader(viewerHeaders, 'user-agent'),
    viaHost: ctx.edge.viaHost,
  };
  const respond = (final: FinalResponse, cacheResult: CacheResult, ageSeconds?: number) => {
    // CloudFront reports an origin's 4xx/5xx, fresh or cached, as `Error from cloudfront`.
    const reported =
      (cacheResult === 'Hit' || cacheResult === 'Miss') && final.status >= 400
        ? 'Error'
        : cacheResult;
    trace.status = final.status;
    trace.cacheResult = reported;
    trace.fromCache = cacheResult === 'Hit';
    trace.totalMs = performance.now() - started;
    if (cacheResult === 'Hit') ctx.stats.hits++;
    else if (cacheResult === 'Miss' || cacheResult === 'LambdaGeneratedResponse')
      ctx.stats.misses++;
    else ctx.stats.errors++;
    return buildPipelineResponse(final, {
      method: viewer.method,
      cacheResult: reported,
      requestId,
      edge: ctx.edge,
      ageSeconds,
      trace,
    });
  };
  const fail = (error: TraceError, status: number): Done => {
    trace.error = error;
    const message = viewerMessage(error.errorType, error.message, status);
    const body = Buffer.from(errorPage(status, message, requestId), 'latin1');
    const headers = toHeaderMap([
      ['Server', 'CloudFront'],
      ['Content-Type', 'text/html'],
    ]);
    const result = error.errorType === 'OriginError' ? 'Error' : error.errorType;
    return new Done(
      respond({ status, statusDescription: statusText(status), headers, body }, result),
    );
  };
  const run: Run = async (step, association, event) => {
    const outcome = await invokeSafely(ctx, step, association, event);
    trace.steps.push({
      name: step,
      durationMs: outcome.durationMs,
      functionName: association.functionName,
      ...(outcome.initDurationMs === undefined ? {} : { initDurationMs: outcome.initDurationMs }),
    });
    for (const line of outcome.logs)
      trace.logs.push({ step, functionName: association.functionName, line });
    for (const violation of outcome.warnings)
      trace.warnings.push({ step, functionName: association.functionName, violation });
    if (outcome.kind === 'error') {
      throw fail(
        {
          step,
          functionName: association.functionName,
          errorType: outcome.errorType,
          rule: outcome.rule,
          message: outcome.message,
          fix: outcome.fix,
        },
        outcome.status,
      );
    }
    return outcome;
  };

  try {
    // 1. viewer-request, before the cache (docs/cloudfront-rules.md#pipeline-order, step 2).
    let request: ViewerRequest = {
      clientIp: viewer.clientIp,
      method: viewer.method,
      uri,
      querystring,
      headers: withoutDisallowed(viewerHeaders),
    };
    let body = viewer.body;
    const viewerRequest = behavior.functions['viewer-request'];
    if (viewerRequest) {
      if (viewerRequest.includeBody && hasBody(viewer.method, body))
        request.body = exposeBody(body, ctx.limits('viewer-request').bodyBytes);
      const event = viewerRequestEvent(ctx.distribution, requestId, request);
      const outcome = await run('viewer-request', viewerRequest, event);
      if (outcome.kind === 'response') {
        // Straight to the viewer: not cached, no viewer-response.
        return respond(fromGenerated(outcome.response), 'LambdaGeneratedResponse');
      }
      request = outcome.request;
      body = bodyAfter(request.body, body);
    }

    // 2. Cache lookup with the request as viewer-request left it.
    const key =
      ctx.cache && (request.method === 'GET' || request.method === 'HEAD')
        ? behavior.cacheKey(request)
        : undefined;
    const hit = key === undefined ? undefined : ctx.cache?.get(key);
    let cached: CachedResponse | undefined = hit?.value;
    let cacheResult: CacheResult = 'Hit';
    let ageSeconds = hit?.ageSeconds;
    const pending = !hit && key !== undefined ? ctx.inflight.get(key) : undefined;
    if (pending) {
      // Request collapsing (DG: RequestAndResponseBehaviorCustomOrigin, "Simultaneous requests
      // for the same object"): wait for the miss already on its way and serve its response,
      // logged as a Hit. If it failed or cannot be cached, go to the origin after all.
      const shared = await pending.catch(() => undefined);
      if (shared && shared.ttlSeconds > 0) {
        cached = shared.cached;
        ageSeconds = 0;
      }
    }
    if (!cached) {
      const miss = fetchThroughOrigin(ctx, {
        behavior,
        request,
        body,
        facts,
        requestId,
        run,
        fail,
        trace,
      }).then((fetched): CollapsibleResult => {
        const ttlSeconds = computeTtlSeconds(
          fetched.status,
          fetched.headers,
          behavior.cache,
          ctx.now(),
        );
        if (key !== undefined) ctx.cache?.set(key, fetched, ttlSeconds);
        return { cached: fetched, ttlSeconds };
      });
      const leads = key !== undefined && !pending;
      if (leads) ctx.inflight.set(key, miss);
      try {
        cached = (await miss).cached;
      } finally {
        if (leads) ctx.inflight.delete(key);
      }
      cacheResult = cached.generated ? 'LambdaGeneratedResponse' : 'Miss';
      ageSeconds = undefined;
    }

    // 3. viewer-response, on hits and misses, unless the status is an error
    // (docs/cloudfront-rules.md#skip-rules, step 7).
    let final: FinalResponse = cached;
    const viewerResponse = behavior.functions['viewer-response'];
    if (viewerResponse && final.status < 400) {
      const event = viewerResponseEvent(
        ctx.distribution,
        requestId,
        responseEventRequest(request),
        toEventResponse(final),
      );
      const outcome = await run('viewer-response', viewerResponse, event);
      if (outcome.kind === 'response')
        final = applyResult(final, outcome.response as ResultResponse, false);
    }
    return respond(final, cacheResult, ageSeconds);
  } catch (thrown) {
    if (thrown instanceof Done) return thrown.response;
    throw thrown;
  }
}
