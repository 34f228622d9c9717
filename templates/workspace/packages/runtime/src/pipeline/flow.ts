/**
 * One viewer request through the distribution, in CloudFront's order (facts §4.1):
 * viewer-request → cache → [origin-request → origin → origin-response → store] → viewer-response.
 */
import { STATUS_CODES } from 'node:http';
import type {
  AnyEvent,
  EventType,
  GeneratedResponse,
  Headers,
  OriginRequest,
  RequestBody,
  ResultResponse,
  ViewerRequest,
} from '@edge-app/events';
import type { EdgeConfig, EventLimits } from '../config.ts';
import type { Association, ResolvedBehavior } from './behaviors.ts';
import { selectBehavior } from './behaviors.ts';
import { type CachedResponse, cacheKey, computeTtlSeconds, type EdgeCache } from './cache.ts';
import type { EdgeFunction, InvokeOutcome } from './contract.ts';
import { errorPage, statusText, viewerMessage } from './error-page.ts';
import {
  type Distribution,
  eventOrigin,
  newRequestId,
  originRequestEvent,
  originResponseEvent,
  responseEventRequest,
  toOriginRequest,
  type ViewerFacts,
  viewerRequestEvent,
  viewerResponseEvent,
} from './events.ts';
import {
  cloneHeaders,
  firstValue,
  type HeaderPairs,
  toHeaderMap,
  withoutDisallowed,
} from './headers.ts';
import type { OriginClient } from './origins/index.ts';
import {
  buildPipelineResponse,
  decodeBody,
  type EdgeIdentity,
  type FinalResponse,
} from './response.ts';
import type {
  CacheResult,
  PipelineResponse,
  PipelineStats,
  RequestTrace,
  TraceError,
} from './types.ts';
import { DEFAULT_VIEWER_COUNTRY, VIEWER_COUNTRY_HEADER } from './viewer.ts';

export interface FlowContext {
  config: EdgeConfig;
  behaviors: ResolvedBehavior[];
  getFunction(name: string): EdgeFunction | undefined;
  cache: EdgeCache | undefined;
  distribution: Distribution;
  edge: EdgeIdentity;
  limits(eventType: EventType): EventLimits;
  originFor(behavior: ResolvedBehavior, origin: OriginRequest['origin']): OriginClient;
  stats: PipelineStats;
  now(): number;
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
class Done {
  constructor(readonly response: PipelineResponse) {}
}

export async function handleRequest(
  ctx: FlowContext,
  viewer: ViewerHttpRequest,
): Promise<PipelineResponse> {
  const started = performance.now();
  const requestId = newRequestId();
  const queryAt = viewer.url.indexOf('?');
  const uri = (queryAt === -1 ? viewer.url : viewer.url.slice(0, queryAt)) || '/';
  const querystring = queryAt === -1 ? '' : viewer.url.slice(queryAt + 1);
  // The behavior (and so the origin) is chosen once, from the viewer's path (facts §4.1).
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
      firstValue(viewerHeaders, VIEWER_COUNTRY_HEADER) ??
      ctx.config.dev?.viewerCountry ??
      DEFAULT_VIEWER_COUNTRY,
    protocol: viewer.protocol,
    httpVersion: viewer.httpVersion,
    userAgent: firstValue(viewerHeaders, 'user-agent'),
    viaHost: ctx.edge.via.replace(/^\S+ /, ''),
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
    // 1. viewer-request, before the cache (facts §4.1 step 2).
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
        ? cacheKey({ ...request, behavior: behavior.pathPattern }, behavior.cache)
        : undefined;
    const hit = key === undefined ? undefined : ctx.cache?.get(key);
    let cached: CachedResponse;
    let cacheResult: CacheResult;
    if (hit) {
      cached = hit.value;
      cacheResult = 'Hit';
    } else {
      cached = await fetchThroughOrigin(
        ctx,
        behavior,
        request,
        body,
        facts,
        requestId,
        run,
        fail,
        trace,
      );
      cacheResult = cached.generated ? 'LambdaGeneratedResponse' : 'Miss';
      if (key !== undefined) {
        const ttl = computeTtlSeconds(cached.status, cached.headers, behavior.cache, ctx.now());
        ctx.cache?.set(key, cached, ttl);
      }
    }

    // 3. viewer-response, on hits and misses, unless the status is an error (facts §4.1 step 7).
    let final: FinalResponse = { ...cached, headers: cloneHeaders(cached.headers) };
    const viewerResponse = behavior.functions['viewer-response'];
    if (viewerResponse && final.status < 400) {
      const event = viewerResponseEvent(
        ctx.distribution,
        requestId,
        responseEventRequest(request),
        {
          status: String(final.status),
          statusDescription: final.statusDescription,
          headers: final.headers,
        },
      );
      const outcome = await run('viewer-response', viewerResponse, event);
      if (outcome.kind === 'response')
        final = applyResult(final, outcome.response as ResultResponse, false);
    }
    return respond(final, cacheResult, hit?.ageSeconds);
  } catch (thrown) {
    if (thrown instanceof Done) return thrown.response;
    throw thrown;
  }
}

/** Runs a trigger; a failed outcome ends the request with CloudFront's error response. */
type Run = (
  step: EventType,
  association: Association,
  event: AnyEvent,
) => Promise<Exclude<InvokeOutcome, { kind: 'error' }>>;

/** The miss path: origin-request, the origin, origin-response. What it returns is cached. */
async function fetchThroughOrigin(
  ctx: FlowContext,
  behavior: ResolvedBehavior,
  request: ViewerRequest,
  viewerBody: Uint8Array,
  facts: ViewerFacts,
  requestId: string,
  run: Run,
  fail: (error: TraceError, status: number) => Done,
  trace: RequestTrace,
): Promise<CachedResponse> {
  const initialOrigin = eventOrigin(behavior.originName, behavior.origin);
  let originRequest = toOriginRequest(request, initialOrigin, facts);
  delete originRequest.body;
  let body = viewerBody;
  const association = behavior.functions['origin-request'];
  if (association) {
    if (association.includeBody && hasBody(request.method, body))
      originRequest.body = exposeBody(body, ctx.limits('origin-request').bodyBytes);
    const event = originRequestEvent(ctx.distribution, requestId, originRequest);
    const outcome = await run('origin-request', association, event);
    if (outcome.kind === 'response') {
      // Cached, and origin-response does not run for it (facts §4.1 step 4).
      return { ...fromGenerated(outcome.response), generated: true };
    }
    originRequest = outcome.request as OriginRequest;
    body = bodyAfter(originRequest.body, body);
  }

  const client = ctx.originFor(behavior, originRequest.origin);
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

  // origin-response runs for every origin status, before caching (facts §4.1 step 6).
  const originResponse = behavior.functions['origin-response'];
  if (originResponse) {
    const event = originResponseEvent(
      ctx.distribution,
      requestId,
      responseEventRequest(originRequest),
      {
        status: String(response.status),
        statusDescription: response.statusDescription,
        headers: cloneHeaders(response.headers),
      },
    );
    const outcome = await run('origin-response', originResponse, event);
    if (outcome.kind === 'response')
      response = applyResult(response, outcome.response as ResultResponse, true);
  }
  return { ...response, generated: false };
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
      'Check the function builds and loads; restart `edge dev` if it persists.',
    );
  }
}

function hasBody(method: string, body: Uint8Array): boolean {
  return body.byteLength > 0 || (method !== 'GET' && method !== 'HEAD');
}

/** The body as CloudFront exposes it with IncludeBody: base64, cut at the event's limit. */
function exposeBody(body: Uint8Array, limitBytes: number): RequestBody {
  const kept = body.byteLength > limitBytes ? body.subarray(0, limitBytes) : body;
  return {
    inputTruncated: body.byteLength > limitBytes,
    action: 'read-only',
    encoding: 'base64',
    data: Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength).toString('base64'),
  };
}

/** With `read-only` the original body goes on; `replace` swaps in the function's data. */
function bodyAfter(exposed: RequestBody | undefined, original: Uint8Array): Uint8Array {
  return exposed?.action === 'replace' ? decodeBody(exposed.data, exposed.encoding) : original;
}

function fromGenerated(response: GeneratedResponse | ResultResponse): FinalResponse {
  const status = Number(response.status);
  return {
    status,
    statusDescription: response.statusDescription ?? STATUS_CODES[status] ?? '',
    headers: response.headers ? cloneHeaders(response.headers) : {},
    body: decodeBody(response.body ?? '', response.bodyEncoding),
  };
}

/** A response function's result: its headers; its body when it set one (facts §2.4). */
function applyResult(
  current: FinalResponse,
  result: ResultResponse,
  statusMayChange: boolean,
): FinalResponse {
  const status = statusMayChange ? Number(result.status) : current.status;
  return {
    status,
    statusDescription:
      result.statusDescription ??
      (status === current.status ? current.statusDescription : (STATUS_CODES[status] ?? '')),
    headers: cloneHeaders(result.headers ?? {}),
    body: result.body === undefined ? current.body : decodeBody(result.body, result.bodyEncoding),
  };
}
