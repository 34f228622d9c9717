/**
 * Cache behavior selection. CloudFront compares the request path (no query string) with each
 * behavior's path pattern in the order they are listed and uses the first match, then the
 * default behavior. Patterns are case-sensitive; `*` matches zero or more characters (slashes
 * included) and `?` exactly one. (DG: distribution-web-values-specify, "Path pattern".)
 */
import type { EventType } from '@edge-app/events';
import type { BehaviorConfig, CacheSettings, EdgeConfig, OriginConfig } from '../config.ts';
import { type CacheKeyRequest, cacheKeyFor } from './cache.ts';
import { PipelineConfigError } from './errors.ts';

export interface Association {
  functionName: string;
  includeBody: boolean;
}

export interface ResolvedBehavior {
  /** `*` for the default behavior, as the CloudFront console shows it. */
  pathPattern: string;
  matches: (path: string) => boolean;
  originName: string;
  origin: OriginConfig;
  functions: Partial<Record<EventType, Association>>;
  cache: CacheSettings;
  /** The cache key of a request under this behavior's cache settings. */
  cacheKey: (request: CacheKeyRequest) => string;
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
  const originName = behavior.origin ?? 'default';
  const origin = config.origins[originName];
  if (!origin) {
    const known = Object.keys(config.origins);
    throw new PipelineConfigError(
      `edge.config.ts: ${where} uses origin "${originName}", which is not in \`origins\`.`,
      known.length
        ? `Use one of ${known.map((k) => `"${k}"`).join(', ')} or add "${originName}" to \`origins\`.`
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
  const cache = behavior.cache ?? {};
  return {
    pathPattern: pathPattern ?? '*',
    matches: pathPattern === undefined ? () => true : compilePathPattern(pathPattern),
    originName,
    origin,
    functions,
    cache,
    cacheKey: cacheKeyFor(pathPattern ?? '*', cache),
  };
}

/** Behaviors in match order, the default last. */
export function resolveBehaviors(config: EdgeConfig): ResolvedBehavior[] {
  if (!config.origins || typeof config.origins !== 'object') {
    throw new PipelineConfigError(
      'edge.config.ts has no `origins`.',
      'Add one, e.g. `origins: { default: { dir: "public" } }`.',
    );
  }
  const ordered = (config.behaviors ?? []).map((b) => resolveBehavior(config, b, b.pathPattern));
  ordered.push(resolveBehavior(config, config.defaultBehavior ?? {}, undefined));
  return ordered;
}

export function selectBehavior(behaviors: ResolvedBehavior[], path: string): ResolvedBehavior {
  for (const behavior of behaviors) if (behavior.matches(path)) return behavior;
  // resolveBehaviors always appends the default, which matches everything.
  return behaviors[behaviors.length - 1]!;
}
