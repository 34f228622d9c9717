/**
 * When two descriptions of a behavior or an origin mean the same to CloudFront: each field is
 * compared at its effective value (the config's default where it is left out), lists of names
 * as sets, inline policies without the fields at their API default. `edge pull` edits only the
 * fields that differ, and `edge deploy` warns about exactly those.
 */
import type { OriginConfig } from '@edge-app/runtime';
import type { RemoteOrigin } from './from-distribution.ts';
import {
  type BehaviorSettings,
  ordered,
  PULLED_BEHAVIOR_FIELDS,
  type PulledField,
} from './remote-behavior.ts';

/** The console's and the config's defaults (packages/runtime/src/config.ts). */
const DEFAULT_CACHE_POLICY = 'CachingOptimized';
const TTL_DEFAULTS = { minTTL: 0, defaultTTL: 86_400, maxTTL: 31_536_000 };

/** Every pulled field at the value CloudFront uses. */
export function effectiveBehavior(
  settings: Partial<BehaviorSettings>,
): Record<PulledField, unknown> {
  const legacy = settings.cache !== undefined;
  return {
    origin: settings.origin ?? 'default',
    cachePolicy: legacy ? undefined : policy(settings.cachePolicy ?? DEFAULT_CACHE_POLICY, true),
    cache: legacy ? policy(settings.cache, true) : undefined,
    originRequestPolicy: policy(settings.originRequestPolicy, false),
    responseHeadersPolicy: policy(settings.responseHeadersPolicy, false),
    allowedMethods: ordered(settings.allowedMethods ?? ['GET', 'HEAD']),
    cachedMethods: ordered(settings.cachedMethods ?? ['GET', 'HEAD']),
    compress: settings.compress ?? true,
    viewerProtocolPolicy: settings.viewerProtocolPolicy ?? 'allow-all',
  };
}

/** The pulled fields on which `local` and `remote` differ, `skip` left out. */
export function behaviorDifferences(
  local: Partial<BehaviorSettings>,
  remote: Partial<BehaviorSettings>,
  skip: readonly PulledField[] = [],
): PulledField[] {
  const a = effectiveBehavior(local);
  const b = effectiveBehavior(remote);
  return PULLED_BEHAVIOR_FIELDS.filter((field) => !skip.includes(field)).filter(
    (field) => !same(a[field], b[field]),
  );
}

export type OriginField =
  | 'connectionAttempts'
  | 'connectionTimeout'
  | 'originReadTimeout'
  | 'customHeaders';

/**
 * The origin settings on which the local origin differs from the distribution's. Custom
 * header values are not compared: the owner may keep a secret out of edge.config.ts.
 */
export function originDifferences(local: OriginConfig, remote: RemoteOrigin): OriginField[] {
  const fields: OriginField[] = [];
  if ((local.connectionAttempts ?? 3) !== (remote.settings.connectionAttempts ?? 3)) {
    fields.push('connectionAttempts');
  }
  if ((local.connectionTimeout ?? 10) !== (remote.settings.connectionTimeout ?? 10)) {
    fields.push('connectionTimeout');
  }
  if (!('dir' in local) && remote.settings.originReadTimeout !== undefined) {
    if (readTimeoutOf(local) !== remote.settings.originReadTimeout)
      fields.push('originReadTimeout');
  }
  const names = (headers: Record<string, string> | undefined) =>
    Object.keys(headers ?? {})
      .map((h) => h.toLowerCase())
      .sort()
      .join('\n');
  if (names(local.customHeaders) !== names(remote.settings.customHeaders)) {
    fields.push('customHeaders');
  }
  return fields;
}

/** Seconds a URL or handler origin waits for an answer. */
export function readTimeoutOf(origin: OriginConfig): number {
  if ('originReadTimeout' in origin && origin.originReadTimeout !== undefined) {
    return origin.originReadTimeout;
  }
  if ('timeoutMs' in origin && origin.timeoutMs !== undefined) return origin.timeoutMs / 1000;
  return 30;
}

export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** An inline policy or legacy settings with their TTL defaults filled in; a name as it is. */
function policy(value: unknown, ttls: boolean): unknown {
  if (value === undefined || typeof value === 'string') return value;
  return ttls ? { ...TTL_DEFAULTS, ...(value as object) } : value;
}

/**
 * A value in one spelling: keys sorted, lists of names sorted, and what means "nothing"
 * (`false`, `'none'`, an empty list or object, undefined) left out.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const list = value.map(canonical);
    return list.every((item) => typeof item === 'string' || typeof item === 'number')
      ? [...list].sort()
      : list;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = canonical((value as Record<string, unknown>)[key]);
      if (isNothing(item)) continue;
      out[key] = item;
    }
    return out;
  }
  return value;
}

function isNothing(value: unknown): boolean {
  if (value === undefined || value === false || value === 'none') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
