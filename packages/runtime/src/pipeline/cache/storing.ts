/**
 * Whether and for how long what the origin side produced is stored (docs/cloudfront-rules.md#ttl-rules,
 * #error-caching, #redirect-caching, #vary, #cookies, #range-requests).
 */

import type { ResolvedBehavior } from '../behaviors.ts';
import type { FlowContext } from '../context.ts';
import { headerOf } from '../headers.ts';
import type { OriginSideResult } from '../origin-side.ts';
import type { FinalResponse } from '../response.ts';
import type { CacheStepInput, Keys } from './answer.ts';
import { cachePath } from './key.ts';
import type { CachedResponse } from './store.ts';
import { computeTtlSeconds, DEFAULT_ERROR_CACHING_MIN_TTL, parseCacheControl } from './ttl.ts';

export function store(
  ctx: FlowContext,
  input: CacheStepInput,
  keys: Keys,
  fetched: OriginSideResult,
  response: FinalResponse,
): number {
  if (fetched.kind !== 'response') return 0;
  // An origin's 304 answers the viewer's own conditional request: it is not the object.
  if (!fetched.generated && fetched.originStatus === 304) return 0;
  const key = response.status === 206 ? keys.range : (keys.head ?? keys.main);
  if (key === undefined) return 0;
  const { behavior } = input;
  const ttl = ttlFor(ctx, behavior, response);
  if (ttl <= 0) return 0;
  const control = parseCacheControl(headerOf(response.headers, 'cache-control'));
  const stored: CachedResponse = { ...response, generated: fetched.generated };
  // `no-cache="Set-Cookie"` keeps the cookies out of the cache (docs/cloudfront-rules.md#cookies).
  if (control.noCacheSetCookie) {
    const { 'set-cookie': _dropped, ...headers } = stored.headers;
    stored.headers = headers;
  }
  const retain = response.status >= 400 ? ttl : Math.max(ttl, behavior.cachePolicy.maxTTL);
  ctx.cache?.store(key, stored, cachePath(input.request), ttl, retain);
  return ttl;
}

export function ttlFor(
  ctx: FlowContext,
  behavior: ResolvedBehavior,
  response: FinalResponse,
): number {
  const cp = behavior.cachePolicy;
  // `Vary: *` with a minimum TTL of 0: asked again every time (docs/cloudfront-rules.md#vary).
  const vary = headerOf(response.headers, 'vary');
  if (cp.minTTL === 0 && vary?.split(',').some((v) => v.trim() === '*')) return 0;
  return computeTtlSeconds(
    response.status,
    response.headers,
    cp,
    ctx.now(),
    errorCachingMinTTL(ctx, response.status),
  );
}

export function errorCachingMinTTL(ctx: FlowContext, status: number): number {
  return ctx.errorResponses.get(status)?.errorCachingMinTTL ?? DEFAULT_ERROR_CACHING_MIN_TTL;
}

export function notStoredReason(fetched: OriginSideResult, ttl: number): { reason?: string } {
  if (ttl > 0) return {};
  if (fetched.kind === 'failed') return { reason: 'a function failed' };
  if (!fetched.generated && fetched.originStatus === 304)
    return { reason: "the origin's 304 answers the viewer's conditional request" };
  return { reason: 'not cacheable (TTL 0)' };
}
