/**
 * The cache between viewer-request and the origin (docs/cloudfront-rules.md#pipeline-order, step 3):
 * a fresh object is a Hit; an expired one is served stale while it revalidates, revalidated with a
 * conditional request (RefreshHit on a 304), or served stale when the origin fails
 * (docs/cloudfront-rules.md#stale-content); anything else goes to the origin, simultaneous misses
 * collapsed (docs/cloudfront-rules.md#request-collapsing), and what comes back is stored as the
 * TTL rules say.
 */
import { getHeader, type ViewerRequest } from '@edge-app/events';
import type { ResolvedBehavior } from './behaviors.ts';
import type { RequestBody } from './body.ts';
import { cachePath } from './cache/key.ts';
import type { CachedResponse, CacheEntry } from './cache/store.ts';
import {
  computeTtlSeconds,
  DEFAULT_ERROR_CACHING_MIN_TTL,
  parseCacheControl,
} from './cache/ttl.ts';
import { compressResponse, notCompressible, preferredEncoding } from './compression.ts';
import { refreshedBy, revalidationHeaders } from './conditional.ts';
import type { Failure, FlowContext, RequestState, StoredResult } from './context.ts';
import { fetchThroughOrigin, type OriginSideInput, type OriginSideResult } from './origin-side.ts';
import { forwardsCookies } from './policies/forwarding.ts';
import type { FinalResponse } from './response.ts';
import type { CacheResult, TraceCache } from './types.ts';

export interface CacheStepInput {
  behavior: ResolvedBehavior;
  request: ViewerRequest;
  body: RequestBody;
  acceptEncoding: string | undefined;
  errorPage?: boolean;
}

export type CacheStepResult =
  | {
      kind: 'served';
      response: FinalResponse;
      result: CacheResult;
      fromCache: boolean;
      ageSeconds?: number;
      /** The origin never answered; `response` is CloudFront's error for it. */
      originFailure?: Failure;
    }
  | { kind: 'failed'; failure: Failure };

interface Keys {
  /** Where this request's full object lives. */
  main: string;
  /** HEAD answers fetched for a HEAD, when a HEAD may also be served from a GET's object. */
  head?: string;
  /** A 206 the origin sent for exactly this Range header. */
  range?: string;
}

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
    const control = parseCacheControl(getHeader(found.entry.response.headers, 'cache-control'));
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
  const range = method === 'GET' ? getHeader(request.headers, 'range') : undefined;
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
async function revalidate(
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
  const control = parseCacheControl(getHeader(entry.response.headers, 'cache-control'));
  if (control.staleIfError === undefined) return true;
  return (now - (entry.staleSince ?? entry.expiresAt)) / 1000 < control.staleIfError;
}

function refreshInBackground(
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

function originInput(input: CacheStepInput): OriginSideInput {
  return {
    behavior: input.behavior,
    request: input.request,
    body: input.body,
    acceptEncoding: input.acceptEncoding,
    ...(input.errorPage ? { errorPage: true } : {}),
  };
}

/** The origin side's answer as served: compressed when the behavior compresses. */
async function prepare(
  behavior: ResolvedBehavior,
  input: CacheStepInput,
  fetched: OriginSideResult,
): Promise<CacheStepResult> {
  if (fetched.kind === 'failed') return fetched;
  let response = fetched.response;
  const encoding = preferredEncoding(input.acceptEncoding);
  if (behavior.compress && encoding && !fetched.generated && !notCompressible(response)) {
    response = await compressResponse(response, encoding);
  }
  return {
    kind: 'served',
    response: { ...response, generated: fetched.generated } as CachedResponse,
    result: fetched.generated ? 'LambdaGeneratedResponse' : 'Miss',
    fromCache: false,
    ...(fetched.originFailure ? { originFailure: fetched.originFailure } : {}),
  };
}

function fromOrigin(fetched: OriginSideResult): CacheStepResult {
  if (fetched.kind === 'failed') return fetched;
  return {
    kind: 'served',
    response: fetched.response,
    result: fetched.generated ? 'LambdaGeneratedResponse' : 'Miss',
    fromCache: false,
    ...(fetched.originFailure ? { originFailure: fetched.originFailure } : {}),
  };
}

/** Stores what the origin side produced, if the rules allow; returns the seconds it was stored for. */
function store(
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
  const control = parseCacheControl(getHeader(response.headers, 'cache-control'));
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

function ttlFor(ctx: FlowContext, behavior: ResolvedBehavior, response: FinalResponse): number {
  const cp = behavior.cachePolicy;
  // `Vary: *` with a minimum TTL of 0: asked again every time (docs/cloudfront-rules.md#vary).
  const vary = getHeader(response.headers, 'vary');
  if (cp.minTTL === 0 && vary?.split(',').some((v) => v.trim() === '*')) return 0;
  return computeTtlSeconds(
    response.status,
    response.headers,
    cp,
    ctx.now(),
    errorCachingMinTTL(ctx, response.status),
  );
}

function errorCachingMinTTL(ctx: FlowContext, status: number): number {
  return ctx.errorResponses.get(status)?.errorCachingMinTTL ?? DEFAULT_ERROR_CACHING_MIN_TTL;
}

function notStoredReason(fetched: OriginSideResult, ttl: number): { reason?: string } {
  if (ttl > 0) return {};
  if (fetched.kind === 'failed') return { reason: 'a function failed' };
  if (!fetched.generated && fetched.originStatus === 304)
    return { reason: "the origin's 304 answers the viewer's conditional request" };
  return { reason: 'not cacheable (TTL 0)' };
}
