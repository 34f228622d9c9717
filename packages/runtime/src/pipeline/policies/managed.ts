/**
 * The AWS managed policies, as AWS publishes them (docs/cloudfront-rules.md#managed-cache-policies,
 * #managed-origin-request-policies, #response-headers-policies). The IDs are what CloudFormation,
 * the CLI and the SDKs attach; edge.config.ts names the policies.
 */
import type {
  CachePolicyConfig,
  ManagedCachePolicyName,
  ManagedOriginRequestPolicyName,
  ManagedResponseHeadersPolicyName,
  OriginRequestPolicyConfig,
  ResponseHeadersPolicyConfig,
} from '../../policy-config.ts';

interface Managed<T> {
  id: string;
  policy: T;
}

const YEAR = 31_536_000;
const DAY = 86_400;

export const MANAGED_CACHE_POLICIES: Record<ManagedCachePolicyName, Managed<CachePolicyConfig>> = {
  CachingOptimized: {
    id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    policy: {
      minTTL: 1,
      defaultTTL: DAY,
      maxTTL: YEAR,
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    },
  },
  CachingOptimizedForUncompressedObjects: {
    id: 'b2884449-e4de-46a7-ac36-70bc7f1ddd6d',
    policy: { minTTL: 1, defaultTTL: DAY, maxTTL: YEAR },
  },
  CachingDisabled: {
    id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
    policy: { minTTL: 0, defaultTTL: 0, maxTTL: 0 },
  },
  'Elemental-MediaPackage': {
    id: '08627262-05a9-4f76-9ded-b50ca2e3a84f',
    policy: {
      minTTL: 0,
      defaultTTL: DAY,
      maxTTL: YEAR,
      headers: ['origin'],
      queryStrings: ['aws.manifestfilter', 'start', 'end', 'm'],
      enableAcceptEncodingGzip: true,
    },
  },
  UseOriginCacheControlHeaders: {
    id: '83da9c7e-98b4-4e11-a168-04f0df8e2c65',
    policy: {
      minTTL: 0,
      defaultTTL: 0,
      maxTTL: YEAR,
      headers: ['host', 'origin', 'x-http-method-override', 'x-http-method', 'x-method-override'],
      cookies: 'all',
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    },
  },
  'UseOriginCacheControlHeaders-QueryStrings': {
    id: '4cc15a8a-d715-48a4-82b8-cc0b614638fe',
    policy: {
      minTTL: 0,
      defaultTTL: 0,
      maxTTL: YEAR,
      headers: ['host', 'origin', 'x-http-method-override', 'x-http-method', 'x-method-override'],
      cookies: 'all',
      queryStrings: 'all',
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    },
  },
  Amplify: {
    id: '2e54312d-136d-493c-8eb9-b001f22f67d2',
    policy: {
      minTTL: 2,
      defaultTTL: 2,
      maxTTL: 600,
      headers: ['authorization', 'cloudfront-viewer-country', 'host'],
      cookies: 'all',
      queryStrings: 'all',
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    },
  },
};

const CORS_REQUEST_HEADERS = [
  'origin',
  'access-control-request-headers',
  'access-control-request-method',
];

/** The CloudFront headers AllViewerAndCloudFrontHeaders-2022-06 adds. */
export const CLOUDFRONT_HEADERS_2022_06 = [
  'cloudfront-forwarded-proto',
  'cloudfront-is-android-viewer',
  'cloudfront-is-desktop-viewer',
  'cloudfront-is-ios-viewer',
  'cloudfront-is-mobile-viewer',
  'cloudfront-is-smarttv-viewer',
  'cloudfront-is-tablet-viewer',
  'cloudfront-viewer-address',
  'cloudfront-viewer-asn',
  'cloudfront-viewer-city',
  'cloudfront-viewer-country',
  'cloudfront-viewer-country-name',
  'cloudfront-viewer-country-region',
  'cloudfront-viewer-country-region-name',
  'cloudfront-viewer-http-version',
  'cloudfront-viewer-latitude',
  'cloudfront-viewer-longitude',
  'cloudfront-viewer-metro-code',
  'cloudfront-viewer-postal-code',
  'cloudfront-viewer-time-zone',
  'cloudfront-viewer-tls',
];

export const MANAGED_ORIGIN_REQUEST_POLICIES: Record<
  ManagedOriginRequestPolicyName,
  Managed<OriginRequestPolicyConfig>
> = {
  AllViewer: {
    id: '216adef6-5c7f-47e4-b989-5492eafa07d3',
    policy: { headers: 'allViewer', cookies: 'all', queryStrings: 'all' },
  },
  AllViewerExceptHostHeader: {
    id: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    policy: { headers: { allExcept: ['host'] }, cookies: 'all', queryStrings: 'all' },
  },
  'AllViewerAndCloudFrontHeaders-2022-06': {
    id: '33f36d7e-f396-46d9-90e0-52428a34d9dc',
    policy: {
      headers: { allViewerAndWhitelistCloudFront: CLOUDFRONT_HEADERS_2022_06 },
      cookies: 'all',
      queryStrings: 'all',
    },
  },
  'CORS-S3Origin': {
    id: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf',
    policy: { headers: CORS_REQUEST_HEADERS, cookies: 'none', queryStrings: 'none' },
  },
  'CORS-CustomOrigin': {
    id: '59781a5b-3903-41f3-afcb-af62929ccde1',
    policy: { headers: ['origin'], cookies: 'none', queryStrings: 'none' },
  },
  UserAgentRefererHeaders: {
    id: 'acba4595-bd28-49b8-b9fe-13317c0390fa',
    policy: { headers: ['user-agent', 'referer'], cookies: 'none', queryStrings: 'none' },
  },
  'Elemental-MediaTailor-PersonalizedManifests': {
    id: '775133bc-15f2-49f9-abea-afb2e0bf67d2',
    policy: {
      headers: [...CORS_REQUEST_HEADERS, 'user-agent', 'x-forwarded-for'],
      cookies: 'none',
      queryStrings: 'all',
    },
  },
};

const SIMPLE_CORS: ResponseHeadersPolicyConfig['corsConfig'] = {
  accessControlAllowOrigins: ['*'],
  override: false,
};
const PREFLIGHT_CORS: ResponseHeadersPolicyConfig['corsConfig'] = {
  accessControlAllowOrigins: ['*'],
  accessControlAllowMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
  accessControlExposeHeaders: ['*'],
  override: false,
};
const SECURITY_HEADERS: ResponseHeadersPolicyConfig['securityHeadersConfig'] = {
  referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: false },
  strictTransportSecurity: { accessControlMaxAgeSec: 31_536_000, override: false },
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: 'SAMEORIGIN', override: false },
  xssProtection: { protection: true, modeBlock: true, override: false },
};

export const MANAGED_RESPONSE_HEADERS_POLICIES: Record<
  ManagedResponseHeadersPolicyName,
  Managed<ResponseHeadersPolicyConfig>
> = {
  SimpleCORS: { id: '60669652-455b-4ae9-85a4-c4c02393f86c', policy: { corsConfig: SIMPLE_CORS } },
  'CORS-With-Preflight': {
    id: '5cc3b908-e619-4b99-88e5-2cf7f45965bd',
    policy: { corsConfig: PREFLIGHT_CORS },
  },
  SecurityHeadersPolicy: {
    id: '67f7725c-6f97-4210-82d7-5512b31e9d03',
    policy: { securityHeadersConfig: SECURITY_HEADERS },
  },
  'CORS-and-SecurityHeadersPolicy': {
    id: 'e61eb60c-9c35-4d20-a928-2b84e02af89c',
    policy: { corsConfig: SIMPLE_CORS, securityHeadersConfig: SECURITY_HEADERS },
  },
  'CORS-with-preflight-and-SecurityHeadersPolicy': {
    id: 'eaab4381-ed33-4a86-88ca-d9558dc6cd63',
    policy: { corsConfig: PREFLIGHT_CORS, securityHeadersConfig: SECURITY_HEADERS },
  },
};
