/**
 * One cache behavior of a distribution in edge.config.ts's vocabulary: its origin, policies
 * (managed by name, the account's own inline from a PolicyBook), legacy cache settings,
 * methods, compression and viewer protocol policy, and what the local CloudFront does not run.
 */
import type {
  CacheBehavior as ApiCacheBehavior,
  CachePolicyConfig as ApiCachePolicy,
  OriginRequestPolicyConfig as ApiOriginRequestPolicy,
  ResponseHeadersPolicyConfig as ApiResponseHeadersPolicy,
  DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import type { EventType } from '@edge-app/events';
import type { BehaviorConfig, CacheSettings, HttpMethod } from '@edge-app/runtime';
import {
  cachePolicyFromApi,
  items,
  managedName,
  originRequestPolicyFromApi,
  type PolicyKind,
  responseHeadersPolicyFromApi,
} from './policies.ts';

/** The custom policies a distribution's behaviors attach, by ID, as GetXxxPolicy returned them. */
export interface PolicyBook {
  cache: Map<string, ApiCachePolicy>;
  originRequest: Map<string, ApiOriginRequestPolicy>;
  responseHeaders: Map<string, ApiResponseHeadersPolicy>;
}

export function emptyPolicyBook(): PolicyBook {
  return { cache: new Map(), originRequest: new Map(), responseHeaders: new Map() };
}

/** The behavior fields `edge pull` owns; `functions` and anything else stay the owner's. */
export const PULLED_BEHAVIOR_FIELDS = [
  'origin',
  'cachePolicy',
  'originRequestPolicy',
  'responseHeadersPolicy',
  'cache',
  'allowedMethods',
  'cachedMethods',
  'compress',
  'viewerProtocolPolicy',
] as const;

export type PulledField = (typeof PULLED_BEHAVIOR_FIELDS)[number];
export type BehaviorSettings = Pick<BehaviorConfig, PulledField>;

export interface RemoteAssociation {
  eventType: EventType;
  /** The Lambda function's name (without version). */
  functionName: string;
  includeBody: boolean;
}

export interface RemoteBehavior {
  /** Undefined for the default behavior. */
  pathPattern: string | undefined;
  /** Every pulled field, explicit. */
  settings: BehaviorSettings;
  /** Fields whose custom policy could not be read (only when reading tolerantly). */
  unread: PulledField[];
  lambda: RemoteAssociation[];
  /** `viewer-request` etc. of CloudFront Functions, which `pnpm dev` does not run. */
  cloudFrontFunctions: string[];
  /** Signed URLs or cookies are required (trusted key groups or signers). */
  restricted: boolean;
}

export function remoteBehavior(
  behavior: ApiCacheBehavior,
  pathPattern: string | undefined,
  book: PolicyBook,
  tolerant: boolean,
  notes: string[],
): RemoteBehavior {
  const where = pathPattern === undefined ? 'The default behavior' : `Behavior "${pathPattern}"`;
  const unread: PulledField[] = [];
  const policy = <T>(
    kind: PolicyKind,
    field: PulledField,
    id: string | undefined,
    convert: (api: T) => unknown,
  ): unknown => {
    if (!id) return undefined;
    const name = managedName(kind, id);
    if (name) return name;
    const api = (book[kind] as Map<string, T>).get(id);
    if (api) return convert(api);
    if (tolerant) {
      unread.push(field);
      return undefined;
    }
    throw new Error(`the ${kind} policy ${id} of ${where} was not read`);
  };
  const allowed = items(behavior.AllowedMethods) as HttpMethod[];
  const cached = items(behavior.AllowedMethods?.CachedMethods) as HttpMethod[];
  const settings: BehaviorSettings = {
    origin: behavior.TargetOriginId ?? '',
    allowedMethods: ordered(allowed.length > 0 ? allowed : ['GET', 'HEAD']),
    cachedMethods: ordered(cached.length > 0 ? cached : ['GET', 'HEAD']),
    compress: behavior.Compress === true,
    viewerProtocolPolicy: behavior.ViewerProtocolPolicy ?? 'allow-all',
  };
  // Emulators report legacy fields next to a cache policy; the policy is what CloudFront uses.
  if (behavior.CachePolicyId) {
    settings.cachePolicy = policy('cache', 'cachePolicy', behavior.CachePolicyId, (api) =>
      cachePolicyFromApi(api as ApiCachePolicy),
    ) as BehaviorSettings['cachePolicy'];
    settings.originRequestPolicy = policy(
      'originRequest',
      'originRequestPolicy',
      behavior.OriginRequestPolicyId,
      (api) => originRequestPolicyFromApi(api as ApiOriginRequestPolicy),
    ) as BehaviorSettings['originRequestPolicy'];
  } else {
    settings.cache = legacyCache(behavior);
  }
  settings.responseHeadersPolicy = policy(
    'responseHeaders',
    'responseHeadersPolicy',
    behavior.ResponseHeadersPolicyId,
    (api) => responseHeadersPolicyFromApi(api as ApiResponseHeadersPolicy, notes),
  ) as BehaviorSettings['responseHeadersPolicy'];
  for (const field of PULLED_BEHAVIOR_FIELDS) {
    if (settings[field] === undefined) delete settings[field];
  }

  const lambda = items(behavior.LambdaFunctionAssociations).map(
    (a): RemoteAssociation => ({
      eventType: a.EventType as EventType,
      functionName: (a.LambdaFunctionARN ?? '').split(':')[6] ?? '',
      includeBody: a.IncludeBody === true,
    }),
  );
  const cloudFrontFunctions = items(behavior.FunctionAssociations).map((f) => f.EventType ?? '');
  if (cloudFrontFunctions.length > 0) {
    notes.push(
      `${where} runs CloudFront Functions on ${cloudFrontFunctions.join(', ')}, which \`pnpm dev\` does not run.`,
    );
  }
  const restricted =
    behavior.TrustedKeyGroups?.Enabled === true || behavior.TrustedSigners?.Enabled === true;
  if (restricted) {
    notes.push(
      `${where} requires signed URLs or cookies; \`pnpm dev\` serves it without checking signatures.`,
    );
  }
  return { pathPattern, settings, unread, lambda, cloudFrontFunctions, restricted };
}

/** ForwardedValues and the TTLs as the legacy `cache` settings (docs/cloudfront-rules.md#legacy-cache-settings). */
function legacyCache(behavior: ApiCacheBehavior): CacheSettings {
  const forwarded = behavior.ForwardedValues;
  const keys = items(forwarded?.QueryStringCacheKeys);
  const queryStrings: CacheSettings['queryStrings'] = !forwarded?.QueryString
    ? 'none'
    : keys.length > 0
      ? keys
      : 'all';
  const forward = forwarded?.Cookies?.Forward;
  const cookies: CacheSettings['cookies'] =
    forward === 'all'
      ? 'all'
      : forward === 'whitelist'
        ? items(forwarded?.Cookies?.WhitelistedNames)
        : 'none';
  const headers = items(forwarded?.Headers);
  return {
    minTTL: behavior.MinTTL ?? 0,
    defaultTTL: behavior.DefaultTTL ?? 86_400,
    maxTTL: behavior.MaxTTL ?? 31_536_000,
    ...(queryStrings === 'none' ? {} : { queryStrings }),
    ...(headers.length > 0 ? { headers } : {}),
    ...(cookies === 'none' ? {} : { cookies }),
  };
}

const METHOD_ORDER: HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'];

/** Methods in the order the config's types and docs list them. */
export function ordered(methods: readonly HttpMethod[]): HttpMethod[] {
  return METHOD_ORDER.filter((m) => methods.includes(m));
}

/** The IDs of the custom policies the behaviors attach, by kind, for read.ts to fetch. */
export function customPolicyIds(config: DistributionConfig): Record<PolicyKind, string[]> {
  const all = [
    config.DefaultCacheBehavior as ApiCacheBehavior | undefined,
    ...items(config.CacheBehaviors),
  ];
  const ids = (kind: PolicyKind, pick: (b: ApiCacheBehavior) => string | undefined) => [
    ...new Set(
      all
        .filter((b): b is ApiCacheBehavior => b !== undefined)
        // A legacy behavior's policy fields are emulator noise, not policies.
        .filter((b) => kind === 'responseHeaders' || Boolean(b.CachePolicyId))
        .map(pick)
        .filter((id): id is string => Boolean(id) && !managedName(kind, id as string)),
    ),
  ];
  return {
    cache: ids('cache', (b) => b.CachePolicyId),
    originRequest: ids('originRequest', (b) => b.OriginRequestPolicyId),
    responseHeaders: ids('responseHeaders', (b) => b.ResponseHeadersPolicyId),
  };
}
