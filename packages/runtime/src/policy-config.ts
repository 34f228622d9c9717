/**
 * The three policies a behavior may attach, as edge.config.ts writes them: an AWS managed policy by
 * name, or an inline policy whose fields are the API's in camelCase
 * (docs/cloudfront-rules.md#cache-policies, #origin-request-policies, #response-headers-policies).
 */

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** Names of the AWS managed cache policies (docs/cloudfront-rules.md#managed-cache-policies). */
export type ManagedCachePolicyName =
  | 'CachingOptimized'
  | 'CachingOptimizedForUncompressedObjects'
  | 'CachingDisabled'
  | 'Elemental-MediaPackage'
  | 'UseOriginCacheControlHeaders'
  | 'UseOriginCacheControlHeaders-QueryStrings'
  | 'Amplify';

/** Names of the AWS managed origin request policies (docs/cloudfront-rules.md#managed-origin-request-policies). */
export type ManagedOriginRequestPolicyName =
  | 'AllViewer'
  | 'AllViewerExceptHostHeader'
  | 'AllViewerAndCloudFrontHeaders-2022-06'
  | 'CORS-S3Origin'
  | 'CORS-CustomOrigin'
  | 'UserAgentRefererHeaders'
  | 'Elemental-MediaTailor-PersonalizedManifests';

/** Names of the AWS managed response headers policies (docs/cloudfront-rules.md#response-headers-policies). */
export type ManagedResponseHeadersPolicyName =
  | 'CORS-and-SecurityHeadersPolicy'
  | 'CORS-With-Preflight'
  | 'CORS-with-preflight-and-SecurityHeadersPolicy'
  | 'SecurityHeadersPolicy'
  | 'SimpleCORS';

/** Query strings or cookies: none, all, an allow list, or all except a block list. */
export type ValueSelection = 'none' | 'all' | string[] | { allExcept: string[] };

/** `CachePolicyConfig`: TTLs and the cache key, which is also what reaches the origin. */
export interface CachePolicyConfig {
  /** Seconds. API defaults: 0 minimum; default 86400 (at least the minimum); maximum 31536000 (at least the default). */
  minTTL?: number;
  defaultTTL?: number;
  maxTTL?: number;
  /** Header names in the key (an allow list; a cache policy cannot key on all headers). */
  headers?: string[];
  cookies?: ValueSelection;
  queryStrings?: ValueSelection;
  /** Normalised `Accept-Encoding` in the key, and compression when the behavior compresses. */
  enableAcceptEncodingGzip?: boolean;
  enableAcceptEncodingBrotli?: boolean;
}

/** `OriginRequestPolicyConfig`: what reaches the origin beyond the cache key. */
export interface OriginRequestPolicyConfig {
  /**
   * `none`, `allViewer`, an allow list, all viewer headers plus listed CloudFront-* headers, or
   * all viewer headers except a block list.
   */
  headers?:
    | 'none'
    | 'allViewer'
    | string[]
    | { allViewerAndWhitelistCloudFront: string[] }
    | { allExcept: string[] };
  cookies?: ValueSelection;
  queryStrings?: ValueSelection;
}

export interface HeaderOverride {
  /** Replace the origin's header of the same name (true) or keep the origin's (false). */
  override: boolean;
}

/** `ResponseHeadersPolicyConfig`: headers CloudFront adds to or removes from responses. */
export interface ResponseHeadersPolicyConfig {
  corsConfig?: HeaderOverride & {
    accessControlAllowOrigins: string[];
    accessControlAllowHeaders?: string[];
    accessControlAllowMethods?: Array<HttpMethod | 'ALL'>;
    accessControlAllowCredentials?: boolean;
    accessControlExposeHeaders?: string[];
    accessControlMaxAgeSec?: number;
  };
  securityHeadersConfig?: {
    contentSecurityPolicy?: HeaderOverride & { contentSecurityPolicy: string };
    contentTypeOptions?: HeaderOverride;
    frameOptions?: HeaderOverride & { frameOption: 'DENY' | 'SAMEORIGIN' };
    referrerPolicy?: HeaderOverride & { referrerPolicy: string };
    strictTransportSecurity?: HeaderOverride & {
      accessControlMaxAgeSec: number;
      includeSubdomains?: boolean;
      preload?: boolean;
    };
    xssProtection?: HeaderOverride & {
      protection: boolean;
      modeBlock?: boolean;
      reportUri?: string;
    };
  };
  customHeadersConfig?: Array<HeaderOverride & { header: string; value: string }>;
  /** Header names removed from every response before the other sections add theirs. */
  removeHeadersConfig?: string[];
}

export type CachePolicy = ManagedCachePolicyName | CachePolicyConfig;
export type OriginRequestPolicy = ManagedOriginRequestPolicyName | OriginRequestPolicyConfig;
export type ResponseHeadersPolicy = ManagedResponseHeadersPolicyName | ResponseHeadersPolicyConfig;
