/**
 * Custom error responses (docs/cloudfront-rules.md#custom-error-responses): an error status with a
 * configured page is answered with that page, fetched through the behavior its path matches (its
 * cache, origin-request and origin-response; never viewer-request), sent with the configured
 * status. When the page cannot be fetched, the viewer gets what the page's origin answered.
 */
import type { CustomErrorResponse } from '../config.ts';
import { selectBehavior } from './behaviors.ts';
import { RequestBody } from './body.ts';
import { serveThroughCache } from './cache-step.ts';
import { normalizeAcceptEncoding } from './compression.ts';
import type { FlowContext, RequestState } from './context.ts';
import { handlesAcceptEncoding } from './origin-side.ts';
import type { FinalResponse } from './response.ts';

export interface CustomErrorPage {
  response: FinalResponse;
  rule: CustomErrorResponse;
}

/** The configured page for `status`, or undefined when none is configured. */
export async function customErrorPage(
  ctx: FlowContext,
  state: RequestState,
  status: number,
  viewer: { clientIp: string; acceptEncoding: string | undefined; httpVersion: string },
): Promise<CustomErrorPage | undefined> {
  const rule = ctx.errorResponses.get(status);
  if (!rule?.responsePagePath) return undefined;
  const [path = '/', querystring = ''] = rule.responsePagePath.split('?', 2);
  const behavior = selectBehavior(ctx.behaviors, path);
  const acceptEncoding = handlesAcceptEncoding(behavior)
    ? normalizeAcceptEncoding(viewer.acceptEncoding, behavior.cachePolicy, viewer.httpVersion)
    : undefined;
  const request = {
    clientIp: viewer.clientIp,
    method: 'GET',
    uri: path,
    querystring,
    headers: {
      host: [{ key: 'Host', value: ctx.distribution.distributionDomainName }],
      ...(viewer.acceptEncoding === undefined
        ? {}
        : { 'accept-encoding': [{ key: 'Accept-Encoding', value: viewer.acceptEncoding }] }),
    },
  };
  // The page's own fetch has its own cache entry; the viewer's trace keeps what this request did.
  const cacheTrace = state.trace.cache;
  const served = await serveThroughCache(ctx, state, {
    behavior,
    request,
    body: RequestBody.fromBytes(new Uint8Array()),
    acceptEncoding,
    errorPage: true,
  });
  state.trace.cache = cacheTrace;
  if (served.kind === 'failed') return undefined;
  const page = served.response;
  if (page.status >= 400) return { response: page, rule };
  const responseCode = rule.responseCode ?? status;
  return {
    response: { ...page, status: responseCode, statusDescription: statusLine(responseCode) },
    rule,
  };
}

function statusLine(status: number): string {
  const texts: Record<number, string> = {
    200: 'OK',
    400: 'Bad Request',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    414: 'Request-URI Too Large',
    416: 'Requested Range Not Satisfiable',
    500: 'Internal Server Error',
    501: 'Not Implemented',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return texts[status] ?? '';
}
