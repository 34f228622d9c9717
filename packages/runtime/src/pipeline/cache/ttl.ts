/**
 * How long CloudFront keeps a response (docs/cloudfront-rules.md#ttl-rules, #error-caching,
 * #redirect-caching), and the Cache-Control directives that decide it.
 */

import { getHeader, type Headers } from '@edge-app/events';

export interface CacheControl {
  maxAge?: number;
  sMaxAge?: number;
  /** no-cache, no-store or private: not for a shared cache. */
  forbidsSharedCache: boolean;
  staleWhileRevalidate?: number;
  staleIfError?: number;
  /** `no-cache="Set-Cookie"`: the object may be cached, its Set-Cookie headers may not. */
  noCacheSetCookie: boolean;
}

export function parseCacheControl(value: string | undefined): CacheControl {
  const result: CacheControl = { forbidsSharedCache: false, noCacheSetCookie: false };
  if (!value) return result;
  for (const directive of value.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const eq = directive.indexOf('=');
    const name = (eq === -1 ? directive : directive.slice(0, eq)).trim().toLowerCase();
    const arg =
      eq === -1
        ? undefined
        : directive
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, '');
    const seconds = arg === undefined ? Number.NaN : Number(arg);
    const valid = Number.isFinite(seconds) && seconds >= 0;
    if (name === 'max-age' && valid) result.maxAge = seconds;
    else if (name === 's-maxage' && valid) result.sMaxAge = seconds;
    else if (name === 'stale-while-revalidate' && valid) result.staleWhileRevalidate = seconds;
    else if (name === 'stale-if-error' && valid) result.staleIfError = seconds;
    else if (name === 'no-cache' && arg !== undefined) {
      // A field list applies to those fields only: the response stays cacheable.
      if (
        arg
          .toLowerCase()
          .split(',')
          .some((field) => field.trim() === 'set-cookie')
      )
        result.noCacheSetCookie = true;
    } else if (name === 'no-cache' || name === 'no-store' || name === 'private')
      result.forbidsSharedCache = true;
  }
  return result;
}

export interface TtlSettings {
  minTTL?: number;
  defaultTTL?: number;
  maxTTL?: number;
}

// CloudFront's defaults for a cache behavior (DG: Expiration): 0 s minimum, one day default,
// one year maximum.
const DEFAULTS = { minTTL: 0, defaultTTL: 86_400, maxTTL: 31_536_000 };

/** Cached whatever the origin says (DG: HTTPStatusCodes, "always caches"). */
const ALWAYS_CACHED_ERRORS = new Set([404, 414, 500, 501, 502, 503, 504]);
/** Cached only with `Cache-Control: max-age` or `s-maxage` (DG: HTTPStatusCodes). */
const CACHED_WITH_MAX_AGE = new Set([400, 403, 405, 412, 415]);
/** The error caching minimum TTL when no custom error response sets one. */
export const DEFAULT_ERROR_CACHING_MIN_TTL = 10;

/**
 * Seconds CloudFront keeps a response, 0 for "do not cache" (DG: Expiration, table "Origin
 * configuration × Minimum TTL"):
 * - `s-maxage` wins over `max-age`, which wins over `Expires`; clamped to [minTTL, maxTTL].
 * - none of them: the default TTL (at least minTTL).
 * - `no-cache`, `no-store` or `private`: not cached when minTTL is 0, else for minTTL.
 * - 307 and 308 only with Cache-Control (DG: http-3xx-status-codes).
 * Errors follow errorTtlSeconds.
 */
export function computeTtlSeconds(
  status: number,
  headers: Headers,
  settings: TtlSettings,
  nowMs: number,
  errorCachingMinTTL = DEFAULT_ERROR_CACHING_MIN_TTL,
): number {
  const minTTL = settings.minTTL ?? DEFAULTS.minTTL;
  const maxTTL = settings.maxTTL ?? DEFAULTS.maxTTL;
  const defaultTTL = settings.defaultTTL ?? DEFAULTS.defaultTTL;
  const cacheControlHeader = getHeader(headers, 'cache-control');
  const control = parseCacheControl(cacheControlHeader);
  if (status >= 400)
    return errorTtlSeconds(status, headers, control, maxTTL, nowMs, errorCachingMinTTL);
  if ((status === 307 || status === 308) && cacheControlHeader === undefined) return 0;
  if (control.forbidsSharedCache) return minTTL;
  const clamp = (seconds: number) => Math.min(Math.max(seconds, minTTL), maxTTL);
  const fromHeader = control.sMaxAge ?? control.maxAge;
  if (fromHeader !== undefined) return clamp(fromHeader);
  const expires = expiresSeconds(headers, nowMs);
  if (expires !== undefined) return clamp(expires);
  return Math.max(minTTL, Math.min(defaultTTL, maxTTL));
}

/**
 * An error is cached for the greater of the error caching minimum TTL and the origin's
 * `max-age`/`s-maxage`/`Expires` (capped at the maximum TTL); other directives do not count
 * (DG: GeneratingCustomErrorResponses, "Controlling how long CloudFront caches errors").
 */
function errorTtlSeconds(
  status: number,
  headers: Headers,
  control: CacheControl,
  maxTTL: number,
  nowMs: number,
  errorCachingMinTTL: number,
): number {
  const explicitAge = control.sMaxAge ?? control.maxAge;
  if (ALWAYS_CACHED_ERRORS.has(status)) {
    const fromHeaders = explicitAge ?? expiresSeconds(headers, nowMs);
    return Math.max(errorCachingMinTTL, Math.min(fromHeaders ?? 0, maxTTL));
  }
  if (CACHED_WITH_MAX_AGE.has(status) && explicitAge !== undefined) {
    return Math.max(errorCachingMinTTL, Math.min(explicitAge, maxTTL));
  }
  // 416 is never cached; statuses on neither list are not either (UNCONFIRMED).
  return 0;
}

function expiresSeconds(headers: Headers, nowMs: number): number | undefined {
  const expires = getHeader(headers, 'expires');
  if (expires === undefined) return undefined;
  const at = Date.parse(expires);
  // An unparsable Expires means "already expired" (RFC 9111 §5.3).
  return Number.isNaN(at) ? 0 : Math.max(0, Math.floor((at - nowMs) / 1000));
}
