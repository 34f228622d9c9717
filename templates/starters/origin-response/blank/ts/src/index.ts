import type { OriginResponseEvent, ResultResponse } from '@edge-app/events';

/**
 * Runs on the origin's answer, for every status (4xx and 5xx included), before CloudFront
 * caches it: what this returns is what the cache stores. The body is not exposed; leaving
 * `body` out passes the origin's body through, setting it replaces it.
 */
export async function handler(event: OriginResponseEvent): Promise<ResultResponse> {
  const { response } = event.Records[0].cf;
  return response;
}
