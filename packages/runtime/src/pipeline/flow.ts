/**
 * One viewer request through the distribution, in CloudFront's order
 * (docs/cloudfront-rules.md#pipeline-order): CloudFront's own refusals → behavior → viewer-request
 * → cache → [origin-request → origin (group, failover) → origin-response → store] → custom error
 * response → viewer-response → response headers policy → viewer. Each step returns a typed
 * result; the flow reads them in order.
 */
import type { ViewerRequest } from '@edge-app/events';
import { selectBehavior } from './behaviors.ts';
import type { RequestBody } from './body.ts';
import { type CacheStepResult, serveThroughCache } from './cache-step.ts';
import { normalizeAcceptEncoding } from './compression.ts';
import { notModifiedFrom, viewerHasCurrentCopy } from './conditional.ts';
import {
  type FlowContext,
  type RequestState,
  runTrigger,
  type ViewerHttpRequest,
} from './context.ts';
import { customErrorPage } from './custom-errors.ts';
import { newRequestId, viewerRequestEvent } from './events.ts';
import { headerOf, toHeaderMap, withoutDisallowed } from './headers.ts';
import { handlesAcceptEncoding } from './origin-side.ts';
import { failed, finish, newTrace, type Outgoing, refused } from './outgoing.ts';
import { ifRangeHolds, rangeOf } from './ranges.ts';
import {
  checkBehaviorRules,
  checkSize,
  headerBlockBytes,
  type ViewerLine,
  WARN_HEADER_BYTES,
} from './refusals.ts';
import { bodyAfter, exposeBody, fromGenerated, hasBody } from './results.ts';
import type { PipelineResponse } from './types.ts';
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
  const viewerHeaders = toHeaderMap(viewer.headers);
  const state: RequestState = {
    requestId,
    started,
    trace: newTrace(requestId, viewer, behavior, ctx.now()),
    facts: {
      clientIp: viewer.clientIp,
      clientPort: viewer.clientPort,
      country:
        headerOf(viewerHeaders, VIEWER_COUNTRY_HEADER) ??
        ctx.config.dev?.viewerCountry ??
        DEFAULT_VIEWER_COUNTRY,
      protocol: viewer.protocol,
      httpVersion: viewer.httpVersion,
      userAgent: headerOf(viewerHeaders, 'user-agent'),
      headerOrder: viewer.headers.map(([name]) => name),
      viaHost: ctx.edge.viaHost,
    },
  };
  ctx.stats.requests++;
  const line: ViewerLine = {
    method: viewer.method,
    url: viewer.url,
    headers: viewer.headers,
    httpVersion: viewer.httpVersion,
    protocol: viewer.protocol,
    host: headerOf(viewerHeaders, 'host') ?? ctx.distribution.distributionDomainName,
    bodyPresent: viewer.body.present,
  };
  const respond = (outgoing: Outgoing) => finish(ctx, state, behavior, viewer, outgoing, started);

  // 1. CloudFront's own refusals, before any function (docs/cloudfront-rules.md#skip-rules).
  const refusal = checkSize(line) ?? checkBehaviorRules(line, behavior);
  if (refusal) {
    void viewer.body.discard().catch(() => {});
    return respond(refused(state, refusal));
  }
  const headerBytes = headerBlockBytes(line);
  if (headerBytes > WARN_HEADER_BYTES) {
    state.trace.notes.push({
      rule: 'request-size-limits',
      message: `The request line and headers are ${headerBytes} bytes: above the 20,480 bytes of older CloudFront quotas, within the 32,768 of the latest.`,
    });
  }

  // 2. viewer-request, before the cache (docs/cloudfront-rules.md#pipeline-order, step 2).
  let request: ViewerRequest = {
    clientIp: viewer.clientIp,
    method: viewer.method,
    uri,
    querystring,
    headers: withoutDisallowed(viewerHeaders),
  };
  let body: RequestBody = viewer.body;
  const viewerRequest = behavior.functions['viewer-request'];
  if (viewerRequest) {
    if (viewerRequest.includeBody && hasBody(viewer.method, body))
      request.body = await exposeBody(body, ctx.limits('viewer-request').bodyBytes);
    const outcome = await runTrigger(
      ctx,
      state,
      'viewer-request',
      viewerRequest,
      viewerRequestEvent(ctx.distribution, requestId, request),
    );
    if (outcome.kind === 'failed')
      return respond(await failed(ctx, state, viewer, outcome.failure));
    if (outcome.kind === 'response') {
      // Straight to the viewer: not cached, no viewer-response (docs/cloudfront-rules.md#skip-rules).
      void body.discard().catch(() => {});
      return respond({
        response: fromGenerated(outcome.response),
        result: 'LambdaGeneratedResponse',
        behaviorApplies: true,
        viewerRequestGenerated: true,
      });
    }
    request = outcome.request as ViewerRequest;
    body = bodyAfter(request.body, body);
  }
  // The default root object stands in for `/` (docs/cloudfront-rules.md#default-root-object).
  if (request.uri === '/' && ctx.config.defaultRootObject)
    request = { ...request, uri: `/${ctx.config.defaultRootObject}` };

  // 3. The cache, and on a miss the origin side.
  // A range is cut from the uncompressed object: a 206 is never compressed
  // (docs/cloudfront-rules.md#compression).
  const ranged = request.method === 'GET' && headerOf(request.headers, 'range') !== undefined;
  const acceptEncoding =
    handlesAcceptEncoding(behavior) && !ranged
      ? normalizeAcceptEncoding(
          headerOf(request.headers, 'accept-encoding'),
          behavior.cachePolicy,
          viewer.httpVersion,
        )
      : undefined;
  const served = await serveThroughCache(ctx, state, { behavior, request, body, acceptEncoding });
  const outgoing = await afterCache(ctx, state, viewer, request, served);
  if (request.uri === '/' && !ctx.config.defaultRootObject && outgoing.response.status >= 400) {
    state.trace.notes.push({
      rule: 'default-root-object',
      message:
        'The distribution has no default root object, so `/` went to the origin as it is. If yours has one, set `defaultRootObject: "index.html"` in edge.config.ts.',
    });
  }
  return respond({ ...outgoing, request });
}

/** A cached answer shaped for this viewer (304, range), or an error replaced by its custom page. */
async function afterCache(
  ctx: FlowContext,
  state: RequestState,
  viewer: ViewerHttpRequest,
  request: ViewerRequest,
  served: CacheStepResult,
): Promise<Outgoing> {
  if (served.kind === 'failed') return failed(ctx, state, viewer, served.failure);
  if (served.originFailure) state.trace.error = served.originFailure.error;
  const outgoing: Outgoing = {
    response: served.response,
    result: served.result,
    fromCache: served.fromCache,
    ageSeconds: served.ageSeconds,
    behaviorApplies: true,
  };
  if (served.response.status >= 400 && served.result !== 'LambdaGeneratedResponse') {
    const page = await customErrorPage(
      ctx,
      state,
      served.response.status,
      errorPageViewer(viewer, request),
    );
    if (page) {
      state.trace.customError = {
        errorCode: served.response.status,
        ...(page.rule.responsePagePath ? { responsePagePath: page.rule.responsePagePath } : {}),
        responseCode: page.response.status,
      };
      return { ...outgoing, response: page.response, result: 'Error' };
    }
    return outgoing;
  }
  const cacheable = served.fromCache && served.response.status === 200;
  if (cacheable && (request.method === 'GET' || request.method === 'HEAD')) {
    // docs/cloudfront-rules.md#conditional-requests: the viewer's own validators, on a cached object.
    if (viewerHasCurrentCopy(request.headers, served.response.headers)) {
      return { ...outgoing, response: notModifiedFrom(served.response) };
    }
    // docs/cloudfront-rules.md#range-requests: a range of the whole cached object.
    const range = headerOf(request.headers, 'range');
    if (
      request.method === 'GET' &&
      range !== undefined &&
      ifRangeHolds(headerOf(request.headers, 'if-range'), served.response.headers)
    ) {
      return { ...outgoing, response: rangeOf(served.response, range) };
    }
  }
  return outgoing;
}

function errorPageViewer(viewer: ViewerHttpRequest, request: ViewerRequest) {
  return {
    clientIp: viewer.clientIp,
    acceptEncoding: headerOf(request.headers, 'accept-encoding'),
    httpVersion: viewer.httpVersion,
  };
}
