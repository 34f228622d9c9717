/**
 * CloudFront's policies in edge.config.ts's vocabulary: an AWS managed policy by its name (the
 * runtime's tables hold the IDs, docs/cloudfront-rules.md#managed-cache-policies,
 * #managed-origin-request-policies, #response-headers-policies), any other policy inline, its
 * API fields in camelCase. Fields at their API default are left out, so a pulled policy reads
 * like one written by hand.
 */
import type {
  CachePolicyConfig as ApiCachePolicy,
  OriginRequestPolicyConfig as ApiOriginRequestPolicy,
  ResponseHeadersPolicyConfig as ApiResponseHeadersPolicy,
} from '@aws-sdk/client-cloudfront';
import {
  type CachePolicyConfig,
  type HttpMethod,
  MANAGED_CACHE_POLICIES,
  MANAGED_ORIGIN_REQUEST_POLICIES,
  MANAGED_RESPONSE_HEADERS_POLICIES,
  type OriginRequestPolicyConfig,
  type ResponseHeadersPolicyConfig,
  type ValueSelection,
} from '@edge-app/runtime';

export type PolicyKind = 'cache' | 'originRequest' | 'responseHeaders';

const MANAGED: Record<PolicyKind, Record<string, { id: string }>> = {
  cache: MANAGED_CACHE_POLICIES,
  originRequest: MANAGED_ORIGIN_REQUEST_POLICIES,
  responseHeaders: MANAGED_RESPONSE_HEADERS_POLICIES,
};

/** The managed policy's name for `id`, or undefined for a policy of the account. */
export function managedName(kind: PolicyKind, id: string): string | undefined {
  return Object.entries(MANAGED[kind]).find(([, managed]) => managed.id === id)?.[0];
}

/** The ID of a managed policy by name. */
export function managedId(kind: PolicyKind, name: string): string | undefined {
  return MANAGED[kind][name]?.id;
}

interface ApiList<T> {
  Quantity?: number | undefined;
  Items?: T[] | undefined;
}

export function items<T>(list: ApiList<T> | undefined): T[] {
  return list?.Items ?? [];
}

/** `none` / `all` / `whitelist` / `allExcept` with its names, as a ValueSelection. */
function selection(behavior: string | undefined, names: string[]): ValueSelection {
  if (behavior === 'all') return 'all';
  if (behavior === 'allExcept') return { allExcept: names };
  if (behavior === 'whitelist') return names;
  return 'none';
}

export function cachePolicyFromApi(api: ApiCachePolicy): CachePolicyConfig {
  const parameters = api.ParametersInCacheKeyAndForwardedToOrigin;
  const headers = items(parameters?.HeadersConfig?.Headers);
  const cookies = selection(
    parameters?.CookiesConfig?.CookieBehavior,
    items(parameters?.CookiesConfig?.Cookies),
  );
  const queryStrings = selection(
    parameters?.QueryStringsConfig?.QueryStringBehavior,
    items(parameters?.QueryStringsConfig?.QueryStrings),
  );
  return {
    minTTL: api.MinTTL ?? 0,
    defaultTTL: api.DefaultTTL ?? 86_400,
    maxTTL: api.MaxTTL ?? 31_536_000,
    ...(parameters?.HeadersConfig?.HeaderBehavior === 'whitelist' && headers.length > 0
      ? { headers }
      : {}),
    ...(cookies === 'none' ? {} : { cookies }),
    ...(queryStrings === 'none' ? {} : { queryStrings }),
    ...(parameters?.EnableAcceptEncodingGzip ? { enableAcceptEncodingGzip: true } : {}),
    ...(parameters?.EnableAcceptEncodingBrotli ? { enableAcceptEncodingBrotli: true } : {}),
  };
}

export function originRequestPolicyFromApi(api: ApiOriginRequestPolicy): OriginRequestPolicyConfig {
  const names = items(api.HeadersConfig?.Headers);
  const behavior = api.HeadersConfig?.HeaderBehavior;
  const headers: OriginRequestPolicyConfig['headers'] =
    behavior === 'allViewer'
      ? 'allViewer'
      : behavior === 'allViewerAndWhitelistCloudFront'
        ? { allViewerAndWhitelistCloudFront: names }
        : behavior === 'allExcept'
          ? { allExcept: names }
          : behavior === 'whitelist'
            ? names
            : 'none';
  const cookies = selection(api.CookiesConfig?.CookieBehavior, items(api.CookiesConfig?.Cookies));
  const queryStrings = selection(
    api.QueryStringsConfig?.QueryStringBehavior,
    items(api.QueryStringsConfig?.QueryStrings),
  );
  return {
    ...(headers === 'none' ? {} : { headers }),
    ...(cookies === 'none' ? {} : { cookies }),
    ...(queryStrings === 'none' ? {} : { queryStrings }),
  };
}

/**
 * A response headers policy inline. `ServerTimingHeadersConfig` has no local counterpart (the
 * local CloudFront adds no Server-Timing header); `notes` says so when it is enabled.
 */
export function responseHeadersPolicyFromApi(
  api: ApiResponseHeadersPolicy,
  notes: string[],
): ResponseHeadersPolicyConfig {
  const policy: ResponseHeadersPolicyConfig = {};
  const cors = api.CorsConfig;
  if (cors) {
    const methods = items(cors.AccessControlAllowMethods) as Array<HttpMethod | 'ALL'>;
    const allowHeaders = items(cors.AccessControlAllowHeaders);
    const exposeHeaders = items(cors.AccessControlExposeHeaders);
    policy.corsConfig = {
      accessControlAllowOrigins: items(cors.AccessControlAllowOrigins),
      ...(allowHeaders.length > 0 ? { accessControlAllowHeaders: allowHeaders } : {}),
      ...(methods.length > 0 ? { accessControlAllowMethods: methods } : {}),
      ...(cors.AccessControlAllowCredentials ? { accessControlAllowCredentials: true } : {}),
      ...(exposeHeaders.length > 0 ? { accessControlExposeHeaders: exposeHeaders } : {}),
      ...(cors.AccessControlMaxAgeSec !== undefined
        ? { accessControlMaxAgeSec: cors.AccessControlMaxAgeSec }
        : {}),
      override: cors.OriginOverride === true,
    };
  }
  const security = api.SecurityHeadersConfig;
  if (security) {
    const out: NonNullable<ResponseHeadersPolicyConfig['securityHeadersConfig']> = {};
    const csp = security.ContentSecurityPolicy;
    if (csp) {
      out.contentSecurityPolicy = {
        contentSecurityPolicy: csp.ContentSecurityPolicy ?? '',
        override: csp.Override === true,
      };
    }
    if (security.ContentTypeOptions) {
      out.contentTypeOptions = { override: security.ContentTypeOptions.Override === true };
    }
    const frame = security.FrameOptions;
    if (frame) {
      out.frameOptions = {
        frameOption: frame.FrameOption === 'DENY' ? 'DENY' : 'SAMEORIGIN',
        override: frame.Override === true,
      };
    }
    const referrer = security.ReferrerPolicy;
    if (referrer) {
      out.referrerPolicy = {
        referrerPolicy: referrer.ReferrerPolicy ?? 'strict-origin-when-cross-origin',
        override: referrer.Override === true,
      };
    }
    const hsts = security.StrictTransportSecurity;
    if (hsts) {
      out.strictTransportSecurity = {
        accessControlMaxAgeSec: hsts.AccessControlMaxAgeSec ?? 0,
        ...(hsts.IncludeSubdomains ? { includeSubdomains: true } : {}),
        ...(hsts.Preload ? { preload: true } : {}),
        override: hsts.Override === true,
      };
    }
    const xss = security.XSSProtection;
    if (xss) {
      out.xssProtection = {
        protection: xss.Protection === true,
        ...(xss.ModeBlock ? { modeBlock: true } : {}),
        ...(xss.ReportUri ? { reportUri: xss.ReportUri } : {}),
        override: xss.Override === true,
      };
    }
    if (Object.keys(out).length > 0) policy.securityHeadersConfig = out;
  }
  const custom = items(api.CustomHeadersConfig);
  if (custom.length > 0) {
    policy.customHeadersConfig = custom.map((header) => ({
      header: header.Header ?? '',
      value: header.Value ?? '',
      override: header.Override === true,
    }));
  }
  const remove = items(api.RemoveHeadersConfig);
  if (remove.length > 0) policy.removeHeadersConfig = remove.map((h) => h.Header ?? '');
  if (api.ServerTimingHeadersConfig?.Enabled) {
    notes.push(
      `Response headers policy "${api.Name}" adds Server-Timing headers, which \`pnpm dev\` does not emulate; the rest of it is written inline.`,
    );
  }
  return policy;
}
