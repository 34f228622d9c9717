/**
 * The inverse of `edge pull` for the round-trip tests: edge.config.ts's CloudFront settings as a
 * DistributionConfig. What edge.config.ts does not hold (where each origin really is, the
 * distribution's own settings) comes from `current`; everything pull writes comes from the
 * config, so a round trip proves the written config carries it all. Custom (inline) policies
 * have no ID to send; the tests that need them use the fake AWS.
 */
import type { CacheBehavior, DistributionConfig, Origin } from '@aws-sdk/client-cloudfront';
import type { BehaviorConfig, EdgeConfig, OriginConfig } from '@edge-app/runtime';
import { managedId, type PolicyKind } from '../../src/pull/policies.ts';

const list = <T>(items: T[]) => ({ Quantity: items.length, Items: items });

export function toDistributionConfig(
  config: EdgeConfig,
  current: DistributionConfig,
): DistributionConfig {
  const currentOrigins = current.Origins?.Items ?? [];
  const origins = Object.entries(config.origins).map(([id, origin]): Origin => {
    const real = currentOrigins.find((o) => o.Id === id);
    if (!real) throw new Error(`the distribution has no origin ${id}`);
    return withSettings(real, origin);
  });
  const groups = Object.entries(config.originGroups ?? {}).map(([id, group]) => ({
    Id: id,
    FailoverCriteria: { StatusCodes: list(group.failoverCriteria.statusCodes) },
    Members: list(group.members.map((member) => ({ OriginId: member }))),
  }));
  const { PathPattern: _, ...defaultBehavior } = behavior(
    { pathPattern: '', ...config.defaultBehavior },
    current.DefaultCacheBehavior as CacheBehavior,
  );
  return {
    ...current,
    DefaultRootObject: config.defaultRootObject ?? '',
    Origins: list(origins),
    OriginGroups: list(groups),
    DefaultCacheBehavior: defaultBehavior as DistributionConfig['DefaultCacheBehavior'],
    CacheBehaviors: list(
      (config.behaviors ?? []).map((b) =>
        behavior(
          b,
          current.CacheBehaviors?.Items?.find((c) => c.PathPattern === b.pathPattern),
        ),
      ),
    ),
    CustomErrorResponses: list(
      (config.customErrorResponses ?? []).map((r) => ({
        ErrorCode: r.errorCode,
        ResponsePagePath: r.responsePagePath ?? '',
        ResponseCode: r.responseCode === undefined ? '' : String(r.responseCode),
        ErrorCachingMinTTL: r.errorCachingMinTTL ?? 10,
      })),
    ),
  };
}

function withSettings(real: Origin, origin: OriginConfig): Origin {
  const headers = Object.entries(origin.customHeaders ?? {});
  const readTimeout = 'originReadTimeout' in origin ? origin.originReadTimeout : undefined;
  return {
    ...real,
    ConnectionAttempts: origin.connectionAttempts ?? 3,
    ConnectionTimeout: origin.connectionTimeout ?? 10,
    CustomHeaders: list(headers.map(([HeaderName, HeaderValue]) => ({ HeaderName, HeaderValue }))),
    ...(real.CustomOriginConfig
      ? {
          CustomOriginConfig: {
            ...real.CustomOriginConfig,
            OriginReadTimeout: readTimeout ?? 30,
          },
        }
      : {}),
  };
}

function policyId(kind: PolicyKind, policy: unknown): string | undefined {
  if (policy === undefined) return undefined;
  if (typeof policy !== 'string') throw new Error(`inline ${kind} policies have no ID here`);
  const id = managedId(kind, policy);
  if (!id) throw new Error(`no managed ${kind} policy ${policy}`);
  return id;
}

function behavior(local: BehaviorConfig, current: CacheBehavior | undefined): CacheBehavior {
  const allowed = local.allowedMethods ?? ['GET', 'HEAD'];
  const cached = local.cachedMethods ?? ['GET', 'HEAD'];
  const legacy = local.cache;
  const out: CacheBehavior = {
    ...(current ?? {}),
    PathPattern: local.pathPattern,
    TargetOriginId: local.origin ?? 'default',
    ViewerProtocolPolicy: local.viewerProtocolPolicy ?? 'allow-all',
    AllowedMethods: { ...list(allowed), CachedMethods: list(cached) },
    Compress: local.compress ?? true,
  };
  delete out.CachePolicyId;
  delete out.OriginRequestPolicyId;
  delete out.ResponseHeadersPolicyId;
  delete out.ForwardedValues;
  delete out.MinTTL;
  delete out.DefaultTTL;
  delete out.MaxTTL;
  if (legacy) {
    const queryStrings = legacy.queryStrings ?? 'none';
    const cookies = legacy.cookies ?? 'none';
    out.ForwardedValues = {
      QueryString: queryStrings !== 'none',
      ...(Array.isArray(queryStrings) ? { QueryStringCacheKeys: list(queryStrings) } : {}),
      Cookies: Array.isArray(cookies)
        ? { Forward: 'whitelist', WhitelistedNames: list(cookies) }
        : { Forward: cookies },
      Headers: list(legacy.headers ?? []),
    };
    out.MinTTL = legacy.minTTL ?? 0;
    out.DefaultTTL = legacy.defaultTTL ?? 86_400;
    out.MaxTTL = legacy.maxTTL ?? 31_536_000;
  } else {
    out.CachePolicyId = policyId('cache', local.cachePolicy ?? 'CachingOptimized');
    const originRequest = policyId('originRequest', local.originRequestPolicy);
    if (originRequest) out.OriginRequestPolicyId = originRequest;
  }
  const responseHeaders = policyId('responseHeaders', local.responseHeadersPolicy);
  if (responseHeaders) out.ResponseHeadersPolicyId = responseHeaders;
  return out;
}
