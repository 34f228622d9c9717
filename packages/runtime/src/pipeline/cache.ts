/**
 * The edge cache: keys built from a behavior's cache settings, TTLs computed as CloudFront
 * computes them, and a bounded store read against an injectable clock.
 */
import { getHeader, type Headers, type ViewerRequest } from '@edge-app/events';
import type { CacheSettings } from '../config.ts';
import { parseCookies } from './headers.ts';

// CloudFront's defaults for a cache behavior (DG: Expiration, "Managing how long content stays
// in the cache"): 0 s minimum, one day default, one year maximum.
const DEFAULT_MIN_TTL = 0;
const DEFAULT_DEFAULT_TTL = 86_400;
const DEFAULT_MAX_TTL = 31_536_000;
// DG: HTTPStatusCodes, "How CloudFront processes HTTP 4xx and 5xx status codes from your
// origin": these error codes are cached, for 10 s unless an error caching TTL is configured.
const CACHED_ERROR_STATUSES = new Set([400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504]);
const ERROR_CACHING_MIN_TTL = 10;

export type CacheKeyRequest = Pick<ViewerRequest, 'method' | 'uri' | 'querystring' | 'headers'>;

/** `none`, `all`, or the names a cache policy lists. */
type Selection = 'none' | 'all' | ReadonlySet<string>;

/**
 * How one behavior keys its objects. Only what its cache policy names goes into the key, so
 * other differences share one object. The policy is read once here, not on every request.
 */
export function cacheKeyFor(
  behavior: string,
  settings: CacheSettings,
): (request: CacheKeyRequest) => string {
  const headerNames = (settings.headers ?? []).map((h) => h.toLowerCase()).sort();
  const queryStrings = toSelection(settings.queryStrings);
  const cookies = toSelection(settings.cookies);
  return (request) => {
    // HEAD answers carry no body, so they must never be served to a GET: separate objects.
    const parts = [behavior, request.method, request.uri];
    parts.push(`q:${selectQuery(request.querystring, queryStrings)}`);
    for (const name of headerNames) {
      const values = (request.headers[name] ?? []).map((line) => line.value).join(',');
      parts.push(`h:${name}=${values}`);
    }
    parts.push(`c:${selectCookies(request.headers, cookies)}`);
    return parts.join('\n');
  };
}

function toSelection(policy: 'none' | 'all' | string[] | undefined): Selection {
  return Array.isArray(policy) ? new Set(policy) : (policy ?? 'none');
}

function selectQuery(querystring: string, wanted: Selection): string {
  if (wanted === 'none' || !querystring) return '';
  if (wanted === 'all') return querystring;
  return querystring
    .split('&')
    .filter((pair) => wanted.has(decodeSafe(pair.split('=')[0] ?? '')))
    .sort()
    .join('&');
}

function selectCookies(headers: Headers, wanted: Selection): string {
  if (wanted === 'none') return '';
  const cookies = parseCookies(headers);
  const kept = wanted === 'all' ? cookies : cookies.filter(([name]) => wanted.has(name));
  return kept
    .map(([name, value]) => `${name}=${value}`)
    .sort()
    .join(';');
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

interface CacheControl {
  maxAge?: number;
  sMaxAge?: number;
  /** no-cache, no-store or private: not for a shared cache. */
  forbidsSharedCache: boolean;
}

function parseCacheControl(value: string | undefined): CacheControl {
  const result: CacheControl = { forbidsSharedCache: false };
  if (!value) return result;
  for (const directive of value.split(',')) {
    const [rawName, rawArg] = directive.trim().split('=', 2);
    const name = (rawName ?? '').toLowerCase();
    const seconds = rawArg === undefined ? Number.NaN : Number(rawArg.replace(/"/g, ''));
    if (name === 'max-age' && Number.isFinite(seconds)) result.maxAge = seconds;
    else if (name === 's-maxage' && Number.isFinite(seconds)) result.sMaxAge = seconds;
    else if (name === 'no-cache' || name === 'no-store' || name === 'private')
      result.forbidsSharedCache = true;
  }
  return result;
}

/**
 * Seconds CloudFront keeps a response, 0 for "do not cache". The rules of the DG "Expiration"
 * page, table "Origin configuration × Minimum TTL":
 * - `s-maxage` wins over `max-age`, which wins over `Expires`; the chosen value is clamped to
 *   [minTTL, maxTTL].
 * - no Cache-Control max-age/s-maxage and no Expires: the default TTL (at least minTTL).
 * - `no-cache`, `no-store` or `private`: not cached when minTTL is 0, else cached for minTTL.
 * Error statuses use the error caching TTL instead (DG: HTTPStatusCodes).
 */
export function computeTtlSeconds(
  status: number,
  headers: Headers,
  settings: CacheSettings,
  nowMs: number,
): number {
  const minTTL = settings.minTTL ?? DEFAULT_MIN_TTL;
  const maxTTL = settings.maxTTL ?? DEFAULT_MAX_TTL;
  const defaultTTL = settings.defaultTTL ?? DEFAULT_DEFAULT_TTL;
  const control = parseCacheControl(getHeader(headers, 'cache-control'));
  if (status >= 400) {
    if (!CACHED_ERROR_STATUSES.has(status)) return 0;
    return control.forbidsSharedCache ? 0 : ERROR_CACHING_MIN_TTL;
  }
  if (control.forbidsSharedCache) return minTTL;
  const clamp = (seconds: number) => Math.min(Math.max(seconds, minTTL), maxTTL);
  const fromHeader = control.sMaxAge ?? control.maxAge;
  if (fromHeader !== undefined) return clamp(fromHeader);
  const expires = getHeader(headers, 'expires');
  if (expires !== undefined) {
    const at = Date.parse(expires);
    // An unparsable Expires means "already expired" (RFC 9111 §5.3).
    return clamp(Number.isNaN(at) ? 0 : Math.max(0, Math.floor((at - nowMs) / 1000)));
  }
  return Math.max(minTTL, Math.min(defaultTTL, maxTTL));
}

export interface CachedResponse {
  status: number;
  statusDescription: string;
  headers: Headers;
  body: Uint8Array;
  /** Generated by an origin-request function rather than fetched. */
  generated: boolean;
}

interface Entry {
  value: CachedResponse;
  storedAt: number;
  expiresAt: number;
}

export interface CacheHit {
  value: CachedResponse;
  ageSeconds: number;
}

export class EdgeCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): CacheHit | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (now >= entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return { value: entry.value, ageSeconds: Math.floor((now - entry.storedAt) / 1000) };
  }

  set(key: string, value: CachedResponse, ttlSeconds: number): void {
    if (ttlSeconds <= 0) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxEntries) {
      // Maps iterate in insertion order, so the first key is the oldest.
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    const storedAt = this.now();
    this.#entries.set(key, { value, storedAt, expiresAt: storedAt + ttlSeconds * 1000 });
  }

  purge(): number {
    const count = this.#entries.size;
    this.#entries.clear();
    return count;
  }
}
