/**
 * An expired object (docs/cloudfront-rules.md#conditional-requests, #stale-content): revalidated
 * with its validators (RefreshHit on a 304), served stale while it refreshes in the background,
 * or served stale when the origin fails.
 */

import {
  type CacheStepInput,
  type CacheStepResult,
  type Keys,
  originInput,
  prepare,
} from './cache/answer.ts';
import type { CacheEntry } from './cache/store.ts';
import { errorCachingMinTTL, notStoredReason, store, ttlFor } from './cache/storing.ts';
import { parseCacheControl } from './cache/ttl.ts';
import { refreshedBy, revalidationHeaders } from './conditional.ts';
import type { FlowContext, RequestState } from './context.ts';
import { headerOf } from './headers.ts';
import { fetchThroughOrigin } from './origin-side.ts';

export async function revalidate(
  ctx: FlowContext,
  state: RequestState,
  input: CacheStepInput,
  keys: Keys,
  key: string,
  entry: CacheEntry,
): Promise<CacheStepResult> {
  const fetched = await fetchThroughOrigin(ctx, state, {
    ...originInput(input),
    revalidation: entry.response.generated ? [] : revalidationHeaders(entry.response),
  });
  if (fetched.kind === 'response' && !fetched.generated && fetched.originStatus === 304) {
    const refreshed = refreshedBy(entry.response, fetched.response);
    const ttl = ttlFor(ctx, input.behavior, refreshed);
    ctx.cache?.store(
      key,
      refreshed,
      entry.path,
      Math.max(ttl, 0),
      input.behavior.cachePolicy.maxTTL,
    );
    state.trace.cache = { key, lookup: 'refresh', storedForSeconds: ttl };
    return {
      kind: 'served',
      response: refreshed,
      result: 'RefreshHit',
      fromCache: true,
      ageSeconds: 0,
    };
  }
  const originFailed =
    fetched.kind === 'response' &&
    (fetched.originFailure !== undefined ||
      (fetched.originStatus !== undefined && fetched.originStatus >= 500));
  if (originFailed && staleAllowed(ctx, entry)) {
    const status = fetched.kind === 'response' ? fetched.response.status : 502;
    const hold = errorCachingMinTTL(ctx, status);
    ctx.cache?.put(key, {
      ...entry,
      expiresAt: Math.min(ctx.now() + hold * 1000, entry.retainUntil),
      staleSince: entry.staleSince ?? entry.expiresAt,
    });
    state.trace.cache = {
      key,
      lookup: 'stale',
      reason: `origin error ${status}; stale copy served`,
    };
    return {
      kind: 'served',
      response: entry.response,
      result: 'Hit',
      fromCache: true,
      ageSeconds: Math.floor((ctx.now() - entry.storedAt) / 1000),
    };
  }
  const prepared = await prepare(input.behavior, input, fetched);
  const ttlSeconds =
    prepared.kind === 'served' ? store(ctx, input, keys, fetched, prepared.response) : 0;
  if (ttlSeconds === 0) ctx.cache?.delete(key);
  state.trace.cache = {
    key,
    lookup: 'miss',
    storedForSeconds: ttlSeconds,
    reason: 'expired',
    ...notStoredReason(fetched, ttlSeconds),
  };
  return prepared;
}

/** stale-if-error's window, or without it the default: stale on 5xx until the maximum TTL. */
function staleAllowed(ctx: FlowContext, entry: CacheEntry): boolean {
  const now = ctx.now();
  if (now >= entry.retainUntil) return false;
  const control = parseCacheControl(headerOf(entry.response.headers, 'cache-control'));
  if (control.staleIfError === undefined) return true;
  return (now - (entry.staleSince ?? entry.expiresAt)) / 1000 < control.staleIfError;
}

export function refreshInBackground(
  ctx: FlowContext,
  state: RequestState,
  input: CacheStepInput,
  keys: Keys,
  key: string,
  entry: CacheEntry,
): void {
  if (ctx.inflight.has(key)) return;
  const background: RequestState = {
    ...state,
    trace: { ...state.trace, steps: [], logs: [], warnings: [], notes: [], background: true },
  };
  const work = revalidate(ctx, background, input, keys, key, entry)
    .then(() => ctx.reportBackground(background.trace))
    .catch(() => {});
  const done = work.then(() => undefined);
  ctx.inflight.set(key, done);
  ctx.background.add(work);
  void work.finally(() => {
    ctx.background.delete(work);
    ctx.inflight.delete(key);
  });
}
