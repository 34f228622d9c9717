/**
 * edge.config.ts as data: every field, its type and its valid values, with the ranges CloudFront
 * accepts (docs/cloudfront-rules.md cites each). The walker in spec.ts reads it.
 */
import { EVENT_TYPES } from '@edge-app/events';
import {
  ALLOWED_METHOD_SETS,
  boolean,
  CACHED_METHOD_SETS,
  ERROR_CODES,
  FAILOVER_STATUS_CODES,
  headerNames,
  isString,
  list,
  methodSet,
  number,
  object,
  required,
  seconds,
  string,
} from './builders.ts';
import { cachePolicy, originRequestPolicy, responseHeadersPolicy } from './schema-policies.ts';
import { type Field, isPlainObject, type Spec } from './spec.ts';

const association: Spec = {
  kind: 'union',
  expected: 'a function name, or { function: "name", includeBody?: true }',
  options: [
    { when: isString, spec: string() },
    {
      when: isPlainObject,
      spec: object('a function association', {
        function: required(string()),
        includeBody: boolean,
      }),
    },
  ],
};

const behaviorFields: Record<string, Field> = {
  origin: string(),
  functions: object(
    'the functions of a behavior',
    Object.fromEntries(EVENT_TYPES.map((eventType) => [eventType, association])),
  ),
  cachePolicy,
  originRequestPolicy,
  responseHeadersPolicy,
  cache: object('legacy cache settings', {
    minTTL: seconds(),
    defaultTTL: seconds(),
    maxTTL: seconds(),
    queryStrings: {
      kind: 'union',
      expected: '"none", "all" or a list of query string names',
      options: [
        { when: isString, spec: string({ oneOf: ['none', 'all'] }) },
        { when: Array.isArray, spec: list(string()) },
      ],
    },
    headers: headerNames,
    cookies: {
      kind: 'union',
      expected: '"none", "all" or a list of cookie names',
      options: [
        { when: isString, spec: string({ oneOf: ['none', 'all'] }) },
        { when: Array.isArray, spec: list(string()) },
      ],
    },
  }),
  allowedMethods: methodSet(ALLOWED_METHOD_SETS, 'allows'),
  cachedMethods: methodSet(CACHED_METHOD_SETS, 'caches'),
  compress: boolean,
  viewerProtocolPolicy: string({ oneOf: ['allow-all', 'redirect-to-https', 'https-only'] }),
};

const originSettings: Record<string, Field> = {
  connectionAttempts: number({ integer: true, min: 1, max: 3 }),
  connectionTimeout: number({ min: 1, max: 10, expected: 'a number of seconds from 1 to 10' }),
  customHeaders: { kind: 'record', what: 'header values', values: string() },
};
const readTimeout = number({ min: 1, max: 120, expected: 'a number of seconds from 1 to 120' });

const origin: Spec = {
  kind: 'union',
  expected: '{ url: "https://..." }, { dir: "public" } or { handler: (request) => response }',
  options: [
    {
      when: (v) => isPlainObject(v) && 'url' in v,
      spec: object('a URL origin', {
        url: required(string({ check: urlProblem })),
        originReadTimeout: readTimeout,
        timeoutMs: number({
          min: 1,
          expected: 'a number of milliseconds (use originReadTimeout, in seconds)',
        }),
        ...originSettings,
      }),
    },
    {
      when: (v) => isPlainObject(v) && 'dir' in v,
      spec: object('a directory origin', {
        dir: required(string()),
        listable: boolean,
        ...originSettings,
      }),
    },
    {
      when: (v) => isPlainObject(v) && 'handler' in v,
      spec: object('a handler origin', {
        handler: required({ kind: 'function' }),
        originReadTimeout: readTimeout,
        ...originSettings,
      }),
    },
  ],
};

function urlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  } catch {
    // reported below
  }
  return `is ${JSON.stringify(value)}; expected an http:// or https:// URL.`;
}

const limits = object(
  'per-event limits',
  Object.fromEntries(
    EVENT_TYPES.map((eventType) => [
      eventType,
      object(`the ${eventType} limits`, {
        timeoutSeconds: number({ min: 0 }),
        memoryMB: number({ integer: true, min: 128, max: 10_240 }),
        zipBytes: number({ integer: true, min: 1 }),
        generatedResponseBytes: number({ integer: true, min: 1 }),
        bodyBytes: number({ integer: true, min: 0 }),
        textBodyBytes: number({ integer: true, min: 0 }),
        base64BodyBytes: number({ integer: true, min: 0 }),
      }),
    ]),
  ),
);

export const CONFIG_SCHEMA: Spec = object('edge.config.ts', {
  profile: string({ oneOf: ['strict', 'latest'] }),
  limits,
  validation: string({ oneOf: ['error', 'warn'] }),
  origins: required({ kind: 'record', what: 'origins', values: origin }),
  originGroups: {
    kind: 'record',
    what: 'origin groups',
    values: object('an origin group', {
      members: required(list(string(), { minItems: 2, maxItems: 2, expected: 'two origin names' })),
      failoverCriteria: required(
        object('failover criteria', {
          statusCodes: required(list(number({ oneOf: FAILOVER_STATUS_CODES }), { minItems: 1 })),
        }),
      ),
    }),
  },
  defaultBehavior: required(object('the default behavior', behaviorFields)),
  behaviors: list(
    object('a behavior', {
      pathPattern: required(
        string({
          check: (p: string) => (p.length > 255 ? 'is longer than 255 characters.' : undefined),
        }),
      ),
      ...behaviorFields,
    }),
  ),
  customErrorResponses: list(
    object('a custom error response', {
      errorCode: required(number({ oneOf: ERROR_CODES })),
      responsePagePath: string({
        check: (p: string) =>
          p.startsWith('/') ? undefined : `is ${JSON.stringify(p)}; it must start with "/".`,
      }),
      responseCode: number({ oneOf: [200, ...ERROR_CODES] }),
      errorCachingMinTTL: seconds(),
    }),
  ),
  defaultRootObject: string({
    check: (name: string) =>
      /^[A-Za-z0-9_\-.*$/~"'&]{1,255}$/.test(name) && !name.startsWith('/')
        ? undefined
        : `is ${JSON.stringify(name)}; expected an object name such as "index.html" (no leading "/", at most 255 of letters, digits and _ - . * $ / ~ " ' &).`,
  }),
  functions: {
    kind: 'record',
    what: 'function settings',
    values: object('function settings', {
      // The Lambda runtime of a Node.js function (invoke/node-runtime.ts on main's containers).
      runtime: string({ oneOf: ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'] }),
      memoryMB: number({ integer: true, min: 128, max: 10_240 }),
      timeoutSeconds: number({ min: 1, max: 30 }),
      budget: object('a size budget', {
        bundleBytes: number({ integer: true, min: 1 }),
        zipBytes: number({ integer: true, min: 1 }),
      }),
    }),
  },
  stages: {
    kind: 'record',
    what: 'stages',
    values: object('a stage', {
      distributionId: string(),
      roleArn: string(),
      functionNamePrefix: string(),
      define: {
        kind: 'record',
        what: 'build-time values',
        values: {
          kind: 'union',
          expected: 'a string, number or boolean',
          options: [
            { when: isString, spec: string() },
            { when: (v) => typeof v === 'number', spec: number() },
            { when: (v) => typeof v === 'boolean', spec: boolean },
          ],
        },
      },
      // Lambda@Edge functions live in us-east-1 (docs/cloudfront-rules.md#deploy-region).
      region: string({ oneOf: ['us-east-1'] }),
    }),
  },
  dev: object('dev settings', {
    port: number({ integer: true, min: 0, max: 65_535 }),
    viewerCountry: string({
      check: (code: string) =>
        /^[A-Z]{2}$/.test(code)
          ? undefined
          : `is ${JSON.stringify(code)}; expected a two-letter country code such as "US".`,
    }),
    pop: string(),
    viewerProtocol: string({ oneOf: ['http', 'https'] }),
    undocumented: object('choices where AWS documents nothing', {
      headServedFromCachedGet: boolean,
      originResponseOnOriginFailure: boolean,
    }),
  }),
});
