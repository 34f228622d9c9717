/**
 * The cache key (docs/cloudfront-rules.md#cache-key): the behavior, the method group (GET and HEAD
 * share one; OPTIONS has its own), the URI, and what the cache policy names: query strings as
 * written, header values, cookies, and the normalised Accept-Encoding when the policy supports
 * compression. Differences the policy does not name share one object.
 */
import type { ViewerRequest } from '@edge-app/events';
import { parseCookies } from '../headers.ts';
import { includes, type ResolvedCachePolicy, type Selection } from '../policies/resolve.ts';

export type CacheKeyRequest = Pick<ViewerRequest, 'uri' | 'querystring' | 'headers'>;

export interface KeyParts {
  /** `GET` for GET and HEAD alike, or the method itself. */
  method: string;
  request: CacheKeyRequest;
  /** The normalised Accept-Encoding, when the policy handles it. */
  acceptEncoding: string | undefined;
}

export function cacheKeyFor(
  pathPattern: string,
  policy: ResolvedCachePolicy,
): (parts: KeyParts) => string {
  const { headers } = policy;
  return ({ method, request, acceptEncoding }) => {
    const parts = [
      pathPattern,
      method,
      request.uri,
      `q:${selectQuery(request.querystring, policy.queryStrings)}`,
    ];
    for (const name of headers) {
      const values = (request.headers[name] ?? []).map((line) => line.value).join(',');
      parts.push(`h:${name}=${values}`);
    }
    parts.push(`c:${selectCookies(request, policy.cookies)}`);
    if (acceptEncoding !== undefined) parts.push(`e:${acceptEncoding}`);
    return parts.join('\n');
  };
}

/** Query strings count as written: order and case make different keys. */
function selectQuery(querystring: string, wanted: Selection): string {
  if (wanted.kind === 'none' || !querystring) return '';
  if (wanted.kind === 'all') return querystring;
  return querystring
    .split('&')
    .filter((pair) => includes(wanted, decodeSafe(pair.split('=')[0] ?? '')))
    .join('&');
}

function selectCookies(request: CacheKeyRequest, wanted: Selection): string {
  if (wanted.kind === 'none') return '';
  return parseCookies(request.headers)
    .filter(([name]) => includes(wanted, name))
    .map(([name, value]) => `${name}=${value}`)
    .sort()
    .join(';');
}

/** The path invalidations match: the URI and, when the key holds any, its query string. */
export function cachePath(request: CacheKeyRequest): string {
  return request.querystring ? `${request.uri}?${request.querystring}` : request.uri;
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
