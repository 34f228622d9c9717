/**
 * The second half of an A/B test: the viewer-request ab-testing function names the variant in a
 * request header; this sets the cookie that keeps the viewer on it. It runs in viewer-response,
 * after the cache, so the Set-Cookie is never stored in a cache entry that other viewers would get
 * (origin-response would cache it). viewer-response does not run for origin errors (status 400 and
 * above), so those never set the cookie (docs/cloudfront-rules.md#skip-rules, step 7).
 */
import {
  type CookieAttributes,
  getCookie,
  getHeader,
  type ResultResponse,
  setCookie,
  type ViewerResponseEvent,
} from '@edge-app/events';

export interface StickyCookie {
  /** The same names as in the viewer-request function's experiment. */
  cookie: string;
  header: string;
  attributes: CookieAttributes;
}

export function createStickyCookie(
  settings: StickyCookie,
): (event: ViewerResponseEvent) => Promise<ResultResponse> {
  return async (event) => {
    const { request, response } = event.Records[0].cf;
    const variant = getHeader(request.headers, settings.header);
    if (!variant || getCookie(request.headers, settings.cookie) === variant) return response;
    response.headers = setCookie(response.headers, settings.cookie, variant, settings.attributes);
    return response;
  };
}
