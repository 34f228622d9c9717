/**
 * The three policies a behavior attaches, as specs: a managed policy by name, or an inline policy
 * with the API's fields (docs/cloudfront-rules.md#cache-policies, #origin-request-policies,
 * #response-headers-policies).
 */
import {
  MANAGED_CACHE_POLICIES,
  MANAGED_ORIGIN_REQUEST_POLICIES,
  MANAGED_RESPONSE_HEADERS_POLICIES,
} from '../pipeline/policies/managed.ts';
import {
  boolean,
  headerNameProblem,
  headerNames,
  isString,
  list,
  METHODS,
  managedOrInline,
  object,
  required,
  seconds,
  selection,
  string,
} from './builders.ts';
import { isPlainObject, type Spec } from './spec.ts';

export const cachePolicy = managedOrInline(
  Object.keys(MANAGED_CACHE_POLICIES),
  object('a cache policy', {
    minTTL: seconds(),
    defaultTTL: seconds(),
    maxTTL: seconds(),
    headers: headerNames,
    cookies: selection('cookie names'),
    queryStrings: selection('query string names'),
    enableAcceptEncodingGzip: boolean,
    enableAcceptEncodingBrotli: boolean,
  }),
  'cache policy',
);

const originRequestHeaders: Spec = {
  kind: 'union',
  expected:
    '"none", "allViewer", a list of header names, { allViewerAndWhitelistCloudFront: [...] } or { allExcept: [...] }',
  options: [
    { when: isString, spec: string({ oneOf: ['none', 'allViewer'] }) },
    { when: Array.isArray, spec: headerNames },
    {
      when: (v) => isPlainObject(v) && 'allViewerAndWhitelistCloudFront' in v,
      spec: object('a header selection', {
        allViewerAndWhitelistCloudFront: required(
          list(
            string({
              check: (name: string) =>
                /^cloudfront-/i.test(name)
                  ? undefined
                  : `is ${JSON.stringify(name)}; list CloudFront-* headers here.`,
            }),
          ),
        ),
      }),
    },
    {
      when: isPlainObject,
      spec: object('a header block list', { allExcept: required(headerNames) }),
    },
  ],
};

export const originRequestPolicy = managedOrInline(
  Object.keys(MANAGED_ORIGIN_REQUEST_POLICIES),
  object('an origin request policy', {
    headers: originRequestHeaders,
    cookies: selection('cookie names'),
    queryStrings: selection('query string names'),
  }),
  'origin request policy',
);

const override = required(boolean);
export const responseHeadersPolicy = managedOrInline(
  Object.keys(MANAGED_RESPONSE_HEADERS_POLICIES),
  object('a response headers policy', {
    corsConfig: object('a CORS config', {
      accessControlAllowOrigins: required(list(string(), { minItems: 1 })),
      accessControlAllowHeaders: list(string()),
      accessControlAllowMethods: list(string({ oneOf: [...METHODS, 'ALL'] })),
      accessControlAllowCredentials: boolean,
      accessControlExposeHeaders: list(string()),
      accessControlMaxAgeSec: seconds(),
      override,
    }),
    securityHeadersConfig: object('a security headers config', {
      contentSecurityPolicy: object('a Content-Security-Policy setting', {
        contentSecurityPolicy: required(string()),
        override,
      }),
      contentTypeOptions: object('an X-Content-Type-Options setting', { override }),
      frameOptions: object('an X-Frame-Options setting', {
        frameOption: required(string({ oneOf: ['DENY', 'SAMEORIGIN'] })),
        override,
      }),
      referrerPolicy: object('a Referrer-Policy setting', {
        referrerPolicy: required(
          string({
            oneOf: [
              'no-referrer',
              'no-referrer-when-downgrade',
              'origin',
              'origin-when-cross-origin',
              'same-origin',
              'strict-origin',
              'strict-origin-when-cross-origin',
              'unsafe-url',
            ],
          }),
        ),
        override,
      }),
      strictTransportSecurity: object('a Strict-Transport-Security setting', {
        accessControlMaxAgeSec: required(seconds()),
        includeSubdomains: boolean,
        preload: boolean,
        override,
      }),
      xssProtection: object('an X-XSS-Protection setting', {
        protection: required(boolean),
        modeBlock: boolean,
        reportUri: string(),
        override,
      }),
    }),
    customHeadersConfig: list(
      object('a custom header', {
        header: required(string({ check: headerNameProblem })),
        value: required(string()),
        override,
      }),
    ),
    removeHeadersConfig: headerNames,
  }),
  'response headers policy',
);
