import type { GeneratedResponse, OriginRequest, OriginRequestEvent } from '@edge-app/events';

/**
 * Runs when CloudFront is about to ask the origin (cache misses only). Return the request to
 * forward it; `request.origin` may be changed to send it elsewhere. A response returned here
 * is cached like an origin's answer, and origin-response does not run for it.
 * `CloudFront-Viewer-Country` and the `CloudFront-Is-*-Viewer` headers are readable here when
 * the cache or origin request policy forwards them.
 */
export async function handler(
  event: OriginRequestEvent,
): Promise<OriginRequest | GeneratedResponse> {
  const { request } = event.Records[0].cf;
  return request;
}
