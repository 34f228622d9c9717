/**
 * edge.config.ts is checked when it loads: each mistake names the field, what it got and what is
 * valid, and createPipeline refuses to serve a config CloudFront would refuse.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EdgeConfig } from '../../src/config.ts';
import {
  ConfigValidationError,
  checkConfig,
  validateConfig,
} from '../../src/config-check/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';

const base = (): EdgeConfig => ({
  origins: { default: { dir: 'public' } },
  defaultBehavior: { origin: 'default' },
});

function messages(config: unknown): string[] {
  return checkConfig(config).map((problem) => `${problem.path} ${problem.message}`);
}

describe('validateConfig', () => {
  it('accepts the generated workspace config and a config using every field', () => {
    expect(messages(base())).toEqual([]);
    const full: EdgeConfig = {
      profile: 'latest',
      limits: { 'origin-request': { timeoutSeconds: 10 } },
      validation: 'warn',
      origins: {
        site: { dir: 'public', listable: true, customHeaders: { 'x-secret': 's' } },
        api: {
          url: 'https://api.example.com',
          connectionAttempts: 2,
          connectionTimeout: 5,
          originReadTimeout: 60,
        },
        mock: { handler: () => ({ status: 200 }), originReadTimeout: 5 },
      },
      originGroups: {
        ha: { members: ['api', 'mock'], failoverCriteria: { statusCodes: [500, 502, 503, 504] } },
      },
      defaultBehavior: {
        origin: 'site',
        cachePolicy: 'CachingOptimized',
        originRequestPolicy: 'CORS-S3Origin',
        responseHeadersPolicy: 'SecurityHeadersPolicy',
        viewerProtocolPolicy: 'redirect-to-https',
        compress: true,
      },
      behaviors: [
        {
          pathPattern: '/api/*',
          origin: 'ha',
          allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
          cachedMethods: ['GET', 'HEAD', 'OPTIONS'],
          cachePolicy: {
            minTTL: 0,
            defaultTTL: 0,
            maxTTL: 60,
            queryStrings: { allExcept: ['utm'] },
            headers: ['authorization'],
          },
          originRequestPolicy: {
            headers: { allViewerAndWhitelistCloudFront: ['CloudFront-Viewer-Country'] },
            cookies: 'all',
          },
          responseHeadersPolicy: {
            corsConfig: { accessControlAllowOrigins: ['https://*.example.com'], override: true },
            customHeadersConfig: [{ header: 'X-Env', value: 'dev', override: false }],
            removeHeadersConfig: ['x-powered-by'],
          },
        },
        {
          pathPattern: '/legacy/*',
          origin: 'site',
          cache: { defaultTTL: 60, queryStrings: ['page'], cookies: ['s'] },
        },
      ],
      customErrorResponses: [
        {
          errorCode: 404,
          responsePagePath: '/404.html',
          responseCode: 200,
          errorCachingMinTTL: 30,
        },
      ],
      defaultRootObject: 'index.html',
      functions: {
        auth: {
          runtime: 'nodejs22.x',
          memoryMB: 128,
          timeoutSeconds: 5,
          budget: { zipBytes: 100_000 },
        },
      },
      stages: { prod: { distributionId: 'E1', define: { A: 'x', B: 1, C: true } } },
      dev: {
        port: 0,
        viewerCountry: 'FR',
        pop: 'X1',
        viewerProtocol: 'http',
        undocumented: { headServedFromCachedGet: false },
      },
    };
    expect(messages(full)).toEqual([]);
  });

  it('accepts the template workspace edge.config.ts as shipped', async () => {
    const source = readFileSync(
      new URL('../../../../templates/workspace/edge.config.ts', import.meta.url),
      'utf8',
    );
    // The template's object, read the way the TypeScript compiler would see its literal.
    const literal = source.slice(
      source.indexOf('defineConfig(') + 'defineConfig('.length,
      source.lastIndexOf(');'),
    );
    const config = new Function(`return (${literal});`)() as unknown;
    expect(messages(config)).toEqual([]);
  });

  it('names the field, what it got and the valid values: profile "strictx"', () => {
    expect(messages({ ...base(), profile: 'strictx' })).toEqual([
      'profile is "strictx"; expected one of "strict", "latest" (did you mean "strict"?).',
    ]);
  });

  it('names the field, what it got and the valid values: defaultTTL "sixty"', () => {
    const config = base();
    (config.defaultBehavior as Record<string, unknown>).cache = { defaultTTL: 'sixty' };
    expect(messages(config)).toEqual([
      'defaultBehavior.cache.defaultTTL is "sixty"; expected a number of seconds (0 or more).',
    ]);
  });

  it('names an unknown field, the closest known one and all of them', () => {
    const config = {
      ...base(),
      behaviors: [{ pathPattern: '/a/*', cachePolicyy: 'CachingOptimized' }],
    };
    const [message] = messages(config);
    expect(message).toMatch(
      /^behaviors\[0\]\.cachePolicyy is not a field of a behavior \(did you mean "cachePolicy"\?\); its fields are pathPattern, origin, functions, cachePolicy, /,
    );
  });

  it('lists the managed policies when a name is misspelt', () => {
    const config = { ...base(), defaultBehavior: { cachePolicy: 'CachingOptimised' } };
    expect(messages(config)[0]).toMatch(
      /^defaultBehavior\.cachePolicy is "CachingOptimised"; expected one of "CachingOptimized", .*"CachingDisabled".* \(did you mean "CachingOptimized"\?\)\.$/,
    );
  });

  it('refuses method sets CloudFront does not offer (docs/cloudfront-rules.md#allowed-methods)', () => {
    const config = { ...base(), defaultBehavior: { allowedMethods: ['GET', 'POST'] } };
    expect(messages(config)[0]).toMatch(
      /allowedMethods is \[GET, POST\]; CloudFront allows one of \[GET, HEAD\], /,
    );
    const cached = { ...base(), defaultBehavior: { cachedMethods: ['GET', 'HEAD', 'OPTIONS'] } };
    expect(messages(cached)).toEqual([
      'defaultBehavior.cachedMethods includes OPTIONS, which allowedMethods does not allow.',
    ]);
  });

  it('refuses a cache policy and legacy settings together, and an origin request policy with legacy settings', () => {
    const config = {
      ...base(),
      defaultBehavior: { cachePolicy: 'CachingOptimized', cache: { defaultTTL: 1 } },
      behaviors: [{ pathPattern: '/x', cache: {}, originRequestPolicy: 'AllViewer' }],
    };
    expect(messages(config)).toEqual([
      'behaviors[0].originRequestPolicy needs a cachePolicy; CloudFront does not combine it with the legacy `cache` settings.',
      'defaultBehavior.cache is set together with cachePolicy; CloudFront takes one or the other. Remove one.',
    ]);
  });

  it('checks names between fields: origins, groups and behaviors', () => {
    const config = {
      origins: { a: { dir: 'a' } },
      originGroups: { a: { members: ['a', 'b'], failoverCriteria: { statusCodes: [500] } } },
      defaultBehavior: { origin: 'c' },
    };
    expect(messages(config)).toEqual([
      'originGroups.a has the name of an origin; give the group a name of its own.',
      'originGroups.a.members names "b", which is not in `origins`; known origins: a.',
      'defaultBehavior.origin is "c", which is neither in `origins` nor in `originGroups`; known: a.',
    ]);
  });

  it('refuses failover statuses and error codes CloudFront does not take', () => {
    const config = {
      ...base(),
      origins: { a: { dir: 'a' }, b: { dir: 'b' } },
      originGroups: { g: { members: ['a', 'b'], failoverCriteria: { statusCodes: [429] } } },
      defaultBehavior: { origin: 'g' },
      customErrorResponses: [{ errorCode: 418 }, { errorCode: 404, responseCode: 200 }],
    };
    expect(messages(config)).toEqual([
      'originGroups.g.failoverCriteria.statusCodes[0] is 429; expected one of 400, 403, 404, 416, 500, 502, 503, 504.',
      'customErrorResponses[0].errorCode is 418; expected one of 400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504.',
    ]);
    const page = { ...base(), customErrorResponses: [{ errorCode: 404, responseCode: 200 }] };
    expect(messages(page)).toEqual([
      'customErrorResponses[0].responseCode needs a responsePagePath: CloudFront changes the status only when it returns a page.',
    ]);
  });

  it('refuses IncludeBody on a response event and an out-of-range origin setting', () => {
    const config = {
      origins: { default: { url: 'ftp://x', connectionAttempts: 4 } },
      defaultBehavior: { functions: { 'viewer-response': { function: 'f', includeBody: true } } },
    };
    expect(messages(config)).toEqual([
      'origins.default.url is "ftp://x"; expected an http:// or https:// URL.',
      'origins.default.connectionAttempts is 4; expected a whole number from 1 to 3.',
    ]);
    const body = {
      ...base(),
      defaultBehavior: { functions: { 'viewer-response': { function: 'f', includeBody: true } } },
    };
    expect(messages(body)).toEqual([
      'defaultBehavior.functions.viewer-response.includeBody is set on a response event; IncludeBody works only for viewer-request and origin-request.',
    ]);
  });

  it('throws a ConfigValidationError listing every mistake, with a fix', () => {
    const error = (() => {
      try {
        validateConfig({ origins: {}, defaultBehavior: {}, profile: 1, dev: { port: -1 } });
      } catch (caught) {
        return caught as ConfigValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error?.code).toBe('config');
    expect(error?.message).toBe(
      'edge.config.ts has 2 mistakes:\n  - profile is 1; expected one of "strict", "latest".\n  - dev.port is -1; expected a whole number from 0 to 65535.',
    );
    expect(error?.hint).toMatch(/Fix the fields above/);
  });

  it('makes createPipeline refuse a bad config before serving anything', () => {
    expect(() =>
      createPipeline({
        config: { ...base(), profile: 'strictx' } as unknown as EdgeConfig,
        functions: {},
      }),
    ).toThrow(ConfigValidationError);
  });
});
