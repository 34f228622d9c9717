/**
 * Cache behaviors: selection and what each one resolves to. CloudFront compares the request path
 * (no query string) with each behavior's path pattern in the order they are listed and uses the
 * first match, then the default behavior. Patterns are case-sensitive; `*` matches zero or more
 * characters (slashes included) and `?` exactly one
 * (docs/cloudfront-rules.md#behavior-selection).
 */
import type { EventType } from '@edge-app/events';
import type { BehaviorConfig, EdgeConfig } from '../config.ts';
import { type CacheKeyRequest, cacheKeyFor } from './cache/key.ts';
import { PipelineConfigError } from './errors.ts';
import {
  type ResolvedCachePolicy,
  type ResolvedOriginRequestPolicy,
  resolveCachePolicy,
  resolveOriginRequestPolicy,
} from './policies/resolve.ts';
import {
  type ResolvedResponseHeadersPolicy,
  resolveResponseHeadersPolicy,
} from './policies/response-headers.ts';

export interface Association {
  functionName: string;
  includeBody: boolean;
}

export interface ResolvedBehavior {
  /** `*` for the default behavior, as the CloudFront console shows it. */
  pathPattern: string;
  matches: (path: string) => boolean;
  /** An origin or origin group name. */
  target: string;
  functions: Partial<Record<EventType, Association>>;
  cachePolicy: ResolvedCachePolicy;
  originRequestPolicy: ResolvedOriginRequestPolicy | undefined;
  responseHeadersPolicy: ResolvedResponseHeadersPolicy | undefined;
  allowedMethods: ReadonlySet<string>;
  cachedMethods: ReadonlySet<string>;
  /** The behavior compresses and its cache policy allows gzip or Brotli with TTLs above 0. */
  compress: boolean;
  viewerProtocolPolicy: 'allow-all' | 'redirect-to-https' | 'https-only';
  cacheKey: (parts: {
    method: string;
    request: CacheKeyRequest;
    acceptEncoding: string | undefined;
  }) => string;
}

export function compilePathPattern(pattern: string): (path: string) => boolean {
  // A pattern without a leading slash means the same as one with it.
  const normalized = pattern.startsWith('/') ? pattern : `/${pattern}`;
  let source = '^';
  for (const char of normalized) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`${source}$`, 's');
  return (path) => regex.test(path);
}

function resolveBehavior(
  config: EdgeConfig,
  behavior: Omit<BehaviorConfig, 'pathPattern'>,
  pathPattern: string | undefined,
): ResolvedBehavior {
  const where = pathPattern === undefined ? 'defaultBehavior' : `behavior "${pathPattern}"`;
  const target = behavior.origin ?? 'default';
  if (!Object.hasOwn(config.origins, target) && !Object.hasOwn(config.originGroups ?? {}, target)) {
    const known = [...Object.keys(config.origins), ...Object.keys(config.originGroups ?? {})];
    throw new PipelineConfigError(
      `edge.config.ts: ${where} uses origin "${target}", which is in neither \`origins\` nor \`originGroups\`.`,
      known.length
        ? `Use one of ${known.map((k) => `"${k}"`).join(', ')} or add "${target}" to \`origins\`.`
        : 'Add an origin, e.g. `origins: { default: { dir: "public" } }`.',
    );
  }
  const functions: ResolvedBehavior['functions'] = {};
  for (const [eventType, association] of Object.entries(behavior.functions ?? {})) {
    if (!association) continue;
    functions[eventType as EventType] =
      typeof association === 'string'
        ? { functionName: association, includeBody: false }
        : { functionName: association.function, includeBody: association.includeBody === true };
  }
  const pattern = pathPattern ?? '*';
  const cachePolicy = resolveCachePolicy(behavior.cachePolicy, behavior.cache);
  const compress =
    (behavior.compress ?? true) &&
    (cachePolicy.gzip || cachePolicy.brotli) &&
    !cachePolicy.cachingDisabled &&
    // Listing Accept-Encoding in the key turns compression off (DG: ServingCompressedFiles).
    !cachePolicy.headers.includes('accept-encoding');
  return {
    pathPattern: pattern,
    matches: pathPattern === undefined ? () => true : compilePathPattern(pathPattern),
    target,
    functions,
    cachePolicy,
    originRequestPolicy: resolveOriginRequestPolicy(behavior.originRequestPolicy),
    responseHeadersPolicy: resolveResponseHeadersPolicy(behavior.responseHeadersPolicy),
    allowedMethods: new Set(behavior.allowedMethods ?? ['GET', 'HEAD']),
    cachedMethods: new Set(behavior.cachedMethods ?? ['GET', 'HEAD']),
    compress,
    viewerProtocolPolicy: behavior.viewerProtocolPolicy ?? 'allow-all',
    cacheKey: cacheKeyFor(pattern, cachePolicy),
  };
}

/** Behaviors in match order, the default last. */
export function resolveBehaviors(config: EdgeConfig): ResolvedBehavior[] {
  const ordered = (config.behaviors ?? []).map((b) => resolveBehavior(config, b, b.pathPattern));
  ordered.push(resolveBehavior(config, config.defaultBehavior ?? {}, undefined));
  return ordered;
}

export function selectBehavior(behaviors: ResolvedBehavior[], path: string): ResolvedBehavior {
  for (const behavior of behaviors) if (behavior.matches(path)) return behavior;
  // resolveBehaviors always appends the default, which matches everything.
  return behaviors[behaviors.length - 1]!;
}
