/**
 * The cache between viewer-request and the origin (docs/cloudfront-rules.md#pipeline-order, step 3):
 * a fresh object is a Hit; an expired one is served stale while it revalidates, revalidated with a
 * conditional request (RefreshHit on a 304), or served stale when the origin fails
 * (docs/cloudfront-rules.md#stale-content); anything else goes to the origin, simultaneous misses
 * collapsed (docs/cloudfront-rules.md#request-collapsing), and what comes back is stored as the
 * TTL rules say.
 */

import type { ResolvedBehavior } from './behaviors.ts';
import {
  type CacheStepInput,
  type CacheStepResult,
  fromOrigin,
  type Keys,
  originInput,
  prepare,
} from './cache/answer.ts';
import type { CachedResponse } from './cache/store.ts';
import { notStoredReason, store } from './cache/storing.ts';
import { parseCacheControl } from './cache/ttl.ts';
import type { FlowContext, RequestState, StoredResult } from './context.ts';
import { headerOf } from './headers.ts';
import { fetchThroughOrigin } from './origin-side.ts';
import { forwardsCookies } from './policies/forwarding.ts';
import { refreshInBackground, revalidate } from './stale.ts';
import type { TraceCache } from './types.ts';

export type { CacheStepInput, CacheStepResult } from './cache/answer.ts';

export async function serveThroughCache(
  ctx: FlowContext,
  state: RequestState,
  input: CacheStepInput,
): Promise<CacheStepResult> {
  const { behavior, request } = input;
  const trace = (cache: TraceCache) => {
    state.trace.cache = cache;
  };
  const reason = bypassReason(ctx, behavior, request.method);
  if (reason) {
    trace({ lookup: 'bypass', reason });
    return fromOrigin(await fetchThroughOrigin(ctx, state, originInput(input)));
  }
  const keys = keysFor(ctx, input);
  const found = lookup(ctx, keys);
  if (found?.fresh) {
    trace({ key: found.key, lookup: 'hit' });
    return {
      kind: 'served',
      response: found.entry.response,
      result: 'Hit',
      fromCache: true,
      ageSeconds: found.ageSeconds,
    };
  }
  if (found) {
    const control = parseCacheControl(headerOf(found.entry.response.headers, 'cache-control'));
    const expiredSeconds = (ctx.now() - (found.entry.staleSince ?? found.entry.expiresAt)) / 1000;
    if (
      control.staleWhileRevalidate !== undefined &&
      expiredSeconds < control.staleWhileRevalidate
    ) {
      refreshInBackground(ctx, state, input, keys, found.key, found.entry);
      trace({ key: found.key, lookup: 'stale', reason: 'stale-while-revalidate' });
      return {
        kind: 'served',
        response: found.entry.response,
        result: 'Hit',
        fromCache: true,
        ageSeconds: found.ageSeconds,
      };
    }
    return revalidate(ctx, state, input, keys, found.key, found.entry);
  }
  return miss(ctx, state, input, keys);
}

function bypassReason(
  ctx: FlowContext,
  behavior: ResolvedBehavior,
  method: string,
): string | undefined {
  if (!ctx.cache) return 'cache off';
  if (behavior.cachePolicy.cachingDisabled)
    return `caching disabled (${behavior.cachePolicy.label})`;
  if (!behavior.cachedMethods.has(method)) return `${method} is not a cached method`;
  return undefined;
}

function keysFor(ctx: FlowContext, input: CacheStepInput): Keys {
  const { behavior, request, acceptEncoding } = input;
  const key = (method: string) => behavior.cacheKey({ method, request, acceptEncoding });
  const method = request.method;
  const shared = ctx.undocumented.headServedFromCachedGet;
  const main = key(
    method === 'OPTIONS' ? 'OPTIONS' : method === 'HEAD' && !shared ? 'HEAD' : 'GET',
  );
  const range = method === 'GET' ? headerOf(request.headers, 'range') : undefined;
  return {
    main,
    ...(method === 'HEAD' && shared ? { head: key('HEAD') } : {}),
    ...(range === undefined ? {} : { range: `${main}\nrange:${range}` }),
  };
}

/** The freshest object among the keys, in order: the full object first. */
function lookup(ctx: FlowContext, keys: Keys) {
  let stale:
    | (ReturnType<NonNullable<FlowContext['cache']>['lookup']> & { key: string })
    | undefined;
  for (const key of [keys.main, keys.head, keys.range]) {
    if (key === undefined) continue;
    const found = ctx.cache?.lookup(key);
    if (!found) continue;
    if (found.fresh) return { ...found, key };
    stale ??= { ...found, key };
  }
  return stale;
}

async function miss(
  ctx: FlowContext,
  state: RequestState,
  input: CacheStepInput,
  keys: Keys,
): Promise<CacheStepResult> {
  const { behavior } = input;
  const inflightKey = keys.head ?? keys.main;
  // No collapsing for ranges, or when cookies reach the origin (docs/cloudfront-rules.md#request-collapsing).
  const collapsible =
    keys.range === undefined &&
    !forwardsCookies(behavior.cachePolicy, behavior.originRequestPolicy);
  const pending = collapsible ? ctx.inflight.get(inflightKey) : undefined;
  if (pending) {
    const shared = await pending.catch(() => undefined);
    if (shared && shared.ttlSeconds > 0) {
      state.trace.cache = { key: inflightKey, lookup: 'collapsed' };
      return {
        kind: 'served',
        response: shared.response,
        result: 'Hit',
        fromCache: true,
        ageSeconds: 0,
      };
    }
  }
  let share: ((stored: StoredResult | undefined) => void) | undefined;
  if (collapsible && !pending) {
    ctx.inflight.set(inflightKey, new Promise((resolve) => (share = resolve)));
  }
  try {
    const fetched = await fetchThroughOrigin(ctx, state, originInput(input));
    const prepared = await prepare(behavior, input, fetched);
    const ttlSeconds =
      prepared.kind === 'served' ? store(ctx, input, keys, fetched, prepared.response) : 0;
    state.trace.cache = {
      key: keys.main,
      lookup: 'miss',
      storedForSeconds: ttlSeconds,
      ...notStoredReason(fetched, ttlSeconds),
    };
    share?.(
      prepared.kind === 'served'
        ? { response: prepared.response as CachedResponse, ttlSeconds }
        : undefined,
    );
    return prepared;
  } finally {
    share?.(undefined);
    if (share) ctx.inflight.delete(inflightKey);
  }
}

/** An expired object: asked about with its validators; a 304 refreshes it (RefreshHit). */
