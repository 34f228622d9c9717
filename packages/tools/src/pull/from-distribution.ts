/**
 * A distribution's configuration (GetDistributionConfig) in edge.config.ts's vocabulary: the
 * settings of the local CloudFront that `edge pull` writes and `edge deploy` compares. Pure:
 * the custom policies come in a PolicyBook read beforehand (read.ts).
 */
import type {
  CacheBehavior as ApiCacheBehavior,
  CachePolicyConfig as ApiCachePolicy,
  Origin as ApiOrigin,
  OriginRequestPolicyConfig as ApiOriginRequestPolicy,
  ResponseHeadersPolicyConfig as ApiResponseHeadersPolicy,
  DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import type { EventType } from '@edge-app/events';
import type {
  BehaviorConfig,
  CacheSettings,
  CustomErrorResponse,
  HttpMethod,
  OriginGroupConfig,
  OriginSettings,
} from '@edge-app/runtime';
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

export interface RemoteOrigin {
  id: string;
  /** An S3 REST origin (S3OriginConfig) or anything else CloudFront proxies to. */
  kind: 's3' | 'custom';
  domainName: string;
  originPath: string;
  /** The base URL a `{ url }` origin uses for a custom origin. */
  url: string;
  settings: OriginSettings & { originReadTimeout?: number };
}

export interface RemoteConfig {
  origins: RemoteOrigin[];
  originGroups: Record<string, OriginGroupConfig>;
  defaultBehavior: RemoteBehavior;
  behaviors: RemoteBehavior[];
  customErrorResponses: CustomErrorResponse[];
  /** Undefined when the distribution sets none. */
  defaultRootObject: string | undefined;
  /** What the local CloudFront does not carry over, one sentence each. */
  notes: string[];
}

/**
 * `config` in edge.config.ts's terms. A custom policy missing from `book` is an error unless
 * `tolerant`, when the field is listed in the behavior's `unread` instead.
 */
export function remoteConfig(
  config: DistributionConfig,
  book: PolicyBook,
  { tolerant = false }: { tolerant?: boolean } = {},
): RemoteConfig {
  const notes: string[] = [];
  const origins = items(config.Origins).map((origin) => remoteOrigin(origin, notes));
  const originGroups: Record<string, OriginGroupConfig> = {};
  for (const group of items(config.OriginGroups)) {
    const members = items(group.Members).map((m) => m.OriginId ?? '');
    originGroups[group.Id ?? ''] = {
      members: [members[0] ?? '', members[1] ?? ''],
      failoverCriteria: {
        statusCodes: items(group.FailoverCriteria?.StatusCodes).map(Number),
      },
    };
    if (group.SelectionCriteria === 'media-quality-based') {
      notes.push(
        `Origin group "${group.Id}" selects by media quality, which \`pnpm dev\` does not emulate: it fails over on the status codes only.`,
      );
    }
  }
  const read = (b: ApiCacheBehavior, path: string | undefined) =>
    remoteBehavior(b, path, book, tolerant, notes);
  const defaultBehavior = read((config.DefaultCacheBehavior ?? {}) as ApiCacheBehavior, undefined);
  const behaviors = items(config.CacheBehaviors).map((b) => read(b, b.PathPattern ?? ''));
  const customErrorResponses = items(config.CustomErrorResponses).map(
    (item): CustomErrorResponse => {
      const responseCode = Number(item.ResponseCode);
      return {
        errorCode: item.ErrorCode ?? 0,
        ...(item.ResponsePagePath ? { responsePagePath: item.ResponsePagePath } : {}),
        ...(item.ResponsePagePath && item.ResponseCode && Number.isFinite(responseCode)
          ? { responseCode }
          : {}),
        ...(item.ErrorCachingMinTTL !== undefined
          ? { errorCachingMinTTL: item.ErrorCachingMinTTL }
          : {}),
      };
    },
  );
  return {
    origins,
    originGroups,
    defaultBehavior,
    behaviors,
    customErrorResponses,
    defaultRootObject: config.DefaultRootObject || undefined,
    notes,
  };
}

function remoteOrigin(origin: ApiOrigin, notes: string[]): RemoteOrigin {
  const id = origin.Id ?? '';
  const domainName = origin.DomainName ?? '';
  const originPath = origin.OriginPath ?? '';
  const customHeaders = Object.fromEntries(
    items(origin.CustomHeaders).map((h) => [h.HeaderName ?? '', h.HeaderValue ?? '']),
  );
  const settings: RemoteOrigin['settings'] = {
    connectionAttempts: origin.ConnectionAttempts ?? 3,
    connectionTimeout: origin.ConnectionTimeout ?? 10,
    ...(Object.keys(customHeaders).length > 0 ? { customHeaders } : {}),
  };
  const custom = origin.CustomOriginConfig;
  if (!custom || origin.S3OriginConfig) {
    return { id, kind: 's3', domainName, originPath, url: `https://${domainName}`, settings };
  }
  // The protocol CloudFront uses towards the origin; `match-viewer` is taken as HTTPS, as the
  // dev server's viewers are by default (DevSettings.viewerProtocol).
  const http = custom.OriginProtocolPolicy === 'http-only';
  const port = http ? (custom.HTTPPort ?? 80) : (custom.HTTPSPort ?? 443);
  const standard = http ? port === 80 : port === 443;
  const url = `${http ? 'http' : 'https'}://${domainName}${standard ? '' : `:${port}`}${originPath}`;
  if (custom.OriginProtocolPolicy === 'match-viewer') {
    notes.push(
      `Origin "${id}" matches the viewer's protocol; pulled as ${url} (HTTPS, as \`pnpm dev\` takes its viewers to use).`,
    );
  }
  return {
    id,
    kind: 'custom',
    domainName,
    originPath,
    url,
    settings: { ...settings, originReadTimeout: custom.OriginReadTimeout ?? 30 },
  };
}

function remoteBehavior(
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
