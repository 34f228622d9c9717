/**
 * A behavior's policies as the pipeline uses them: managed names looked up, API defaults filled
 * in, lists turned into sets (docs/cloudfront-rules.md#cache-policies, #origin-request-policies,
 * #legacy-cache-settings). Done once per behavior, not per request.
 */
import type { CacheSettings } from '../../config.ts';
import type {
  CachePolicy,
  OriginRequestPolicy,
  OriginRequestPolicyConfig,
  ValueSelection,
} from '../../policy-config.ts';
import { MANAGED_CACHE_POLICIES, MANAGED_ORIGIN_REQUEST_POLICIES } from './managed.ts';

/** Which names of a kind (query strings, cookies, headers) a policy takes. */
export type Selection =
  | { kind: 'none' }
  | { kind: 'all' }
  | { kind: 'allow'; names: ReadonlySet<string> }
  | { kind: 'except'; names: ReadonlySet<string> };

export const NONE: Selection = { kind: 'none' };
export const ALL: Selection = { kind: 'all' };

export interface ResolvedCachePolicy {
  /** What the trace and messages call it: a managed name, `inline cache policy` or `legacy cache settings`. */
  label: string;
  legacy: boolean;
  minTTL: number;
  defaultTTL: number;
  maxTTL: number;
  /** Lower-case header names in the key, sorted. */
  headers: readonly string[];
  cookies: Selection;
  queryStrings: Selection;
  /** Legacy settings forward every query string once any are forwarded, keyed or not. */
  forwardedQueryStrings: Selection;
  gzip: boolean;
  brotli: boolean;
  /** All three TTLs are 0: nothing is cached, no request is collapsed (CachingDisabled). */
  cachingDisabled: boolean;
}

export interface ResolvedOriginRequestPolicy {
  label: string;
  managed: boolean;
  /** `allViewer` forwards every viewer header; `cloudFront` lists CloudFront-* headers to add. */
  headers: Selection;
  cloudFrontHeaders: ReadonlySet<string>;
  cookies: Selection;
  queryStrings: Selection;
}

const DAY = 86_400;
const YEAR = 31_536_000;

export function selection(value: ValueSelection | undefined, lowerCase = false): Selection {
  if (value === undefined || value === 'none') return NONE;
  if (value === 'all') return ALL;
  const norm = (names: string[]) => new Set(lowerCase ? names.map((n) => n.toLowerCase()) : names);
  if (Array.isArray(value)) return { kind: 'allow', names: norm(value) };
  return { kind: 'except', names: norm(value.allExcept) };
}

export function includes(selected: Selection, name: string): boolean {
  switch (selected.kind) {
    case 'none':
      return false;
    case 'all':
      return true;
    case 'allow':
      return selected.names.has(name);
    case 'except':
      return !selected.names.has(name);
  }
}

/**
 * TTL defaults of the API (API_CachePolicyConfig) and of the legacy settings: a raised minimum
 * raises the default, a raised default raises the maximum.
 */
function ttls(min = 0, defaultTTL?: number, maxTTL?: number) {
  const effectiveDefault = defaultTTL ?? Math.max(DAY, min);
  return {
    minTTL: min,
    defaultTTL: effectiveDefault,
    maxTTL: maxTTL ?? Math.max(YEAR, effectiveDefault),
  };
}

/** No cache policy and no legacy settings: the console's default, CachingOptimized. */
export const DEFAULT_CACHE_POLICY = 'CachingOptimized';

export function resolveCachePolicy(
  policy: CachePolicy | undefined,
  legacy: CacheSettings | undefined,
): ResolvedCachePolicy {
  if (legacy) return resolveLegacy(legacy);
  const name = typeof policy === 'string' ? policy : policy ? undefined : DEFAULT_CACHE_POLICY;
  const config = name
    ? MANAGED_CACHE_POLICIES[name as keyof typeof MANAGED_CACHE_POLICIES].policy
    : policy;
  if (!config || typeof config === 'string')
    throw new Error(`unknown cache policy ${String(policy)}`);
  const t = ttls(config.minTTL, config.defaultTTL, config.maxTTL);
  const queryStrings = selection(config.queryStrings);
  return {
    label: name ?? 'inline cache policy',
    legacy: false,
    ...t,
    headers: [...new Set((config.headers ?? []).map((h) => h.toLowerCase()))].sort(),
    cookies: selection(config.cookies),
    queryStrings,
    forwardedQueryStrings: queryStrings,
    gzip: config.enableAcceptEncodingGzip === true,
    brotli: config.enableAcceptEncodingBrotli === true,
    cachingDisabled: t.minTTL === 0 && t.defaultTTL === 0 && t.maxTTL === 0,
  };
}

function resolveLegacy(settings: CacheSettings): ResolvedCachePolicy {
  const t = ttls(settings.minTTL, settings.defaultTTL, settings.maxTTL);
  const keyed = settings.queryStrings;
  // `*`, "forward all headers", also turns caching off for the behavior
  // (docs/cloudfront-rules.md#legacy-cache-settings).
  const allHeaders = settings.headers?.includes('*') === true;
  return {
    label: 'legacy cache settings',
    legacy: true,
    ...t,
    headers: [...new Set((settings.headers ?? []).map((h) => h.toLowerCase()))].sort(),
    cookies: selection(settings.cookies),
    queryStrings: selection(keyed),
    // "Forward all, cache based on whitelist" (DG: QueryStringParameters).
    forwardedQueryStrings: keyed === undefined || keyed === 'none' ? NONE : ALL,
    // Legacy settings compress with gzip only: Brotli needs a cache policy
    // (docs/cloudfront-rules.md#legacy-cache-settings).
    gzip: true,
    brotli: false,
    cachingDisabled: allHeaders || (t.minTTL === 0 && t.defaultTTL === 0 && t.maxTTL === 0),
  };
}

export function resolveOriginRequestPolicy(
  policy: OriginRequestPolicy | undefined,
): ResolvedOriginRequestPolicy | undefined {
  if (policy === undefined) return undefined;
  const managed = typeof policy === 'string';
  const config: OriginRequestPolicyConfig = managed
    ? MANAGED_ORIGIN_REQUEST_POLICIES[policy].policy
    : policy;
  const headers = config.headers ?? 'none';
  let headerSelection: Selection;
  let cloudFront: string[] = [];
  if (headers === 'allViewer') headerSelection = ALL;
  else if (typeof headers === 'object' && 'allViewerAndWhitelistCloudFront' in headers) {
    headerSelection = ALL;
    cloudFront = headers.allViewerAndWhitelistCloudFront;
  } else {
    headerSelection = selection(headers, true);
  }
  // CloudFront-* headers in an allow list are added too.
  if (headerSelection.kind === 'allow') {
    cloudFront = [...headerSelection.names].filter((name) => name.startsWith('cloudfront-'));
  }
  return {
    label: managed ? policy : 'inline origin request policy',
    managed,
    headers: headerSelection,
    cloudFrontHeaders: new Set(cloudFront.map((name) => name.toLowerCase())),
    cookies: selection(config.cookies),
    queryStrings: selection(config.queryStrings),
  };
}
