/**
 * Invalidation by path (docs/cloudfront-rules.md#invalidation), response headers policies
 * (docs/cloudfront-rules.md#response-headers-policies), and HEAD answered from a cached GET
 * (docs/cloudfront-rules.md#cache-key; AWS does not say, so it is a switch).
 */
import { describe, expect, it } from 'vitest';
import type { ResponseHeadersPolicy } from '../../src/config.ts';
import { PipelineConfigError } from '../../src/pipeline/errors.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { allMethods, configWith, passThrough, recordingOrigin } from './helpers.ts';

describe('invalidation by path', () => {
  async function cached() {
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: configWith(
        origin.config,
        {},
        {},
        { cachePolicy: { queryStrings: 'all', headers: ['accept-language'] } },
      ),
      functions: {},
    });
    for (const path of ['/img/a.jpg', '/img/a.jpg?v=2', '/img/b.jpg', '/index.html'])
      await pipeline.request(path);
    await pipeline.request('/img/a.jpg', { headers: { 'accept-language': 'fr' } });
    return pipeline;
  }

  it('removes one object with every header and cookie variant of it, and not its query-string variants', async () => {
    const pipeline = await cached();
    expect(pipeline.purge(['/img/a.jpg'])).toBe(2);
    expect((await pipeline.request('/img/a.jpg?v=2')).header('x-cache')).toBe(
      'Hit from cloudfront',
    );
  });

  it('removes everything under a path ending in *, query strings included', async () => {
    const pipeline = await cached();
    expect(pipeline.purge(['/img/a.jpg*'])).toBe(3);
    expect(pipeline.purge(['/img/*'])).toBe(1);
    expect(pipeline.purge()).toBe(1);
  });

  it('refuses paths CloudFront refuses', async () => {
    const pipeline = await cached();
    expect(() => pipeline.purge(['img/a.jpg'])).toThrow(PipelineConfigError);
    expect(() => pipeline.purge(['/img/*.jpg'])).toThrow(/only a last "\*" is allowed/);
  });
});

describe('response headers policies', () => {
  function setup(policy: ResponseHeadersPolicy, headers: Record<string, string> = {}) {
    const origin = recordingOrigin(() => ({ status: 200, headers, body: 'x' }));
    const vres = passThrough('viewer-response');
    return {
      vres,
      pipeline: createPipeline({
        config: configWith(
          origin.config,
          { 'viewer-response': 'vres' },
          {},
          { responseHeadersPolicy: policy, ...allMethods },
        ),
        functions: { vres },
      }),
    };
  }

  it('SecurityHeadersPolicy adds its headers, overriding only X-Content-Type-Options', async () => {
    const { pipeline } = setup('SecurityHeadersPolicy', {
      'x-frame-options': 'DENY',
      'x-content-type-options': 'other',
    });
    const response = await pipeline.request('/');
    expect(response.header('strict-transport-security')).toBe('max-age=31536000');
    expect(response.header('x-frame-options')).toBe('DENY');
    expect(response.header('x-content-type-options')).toBe('nosniff');
    expect(response.header('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.header('x-xss-protection')).toBe('1; mode=block');
  });

  it('SimpleCORS answers CORS requests only', async () => {
    const { pipeline } = setup('SimpleCORS');
    expect((await pipeline.request('/')).header('access-control-allow-origin')).toBeUndefined();
    const cors = await pipeline.request('/', { headers: { Origin: 'https://app.example' } });
    expect(cors.header('access-control-allow-origin')).toBe('*');
  });

  it('CORS-With-Preflight adds the preflight headers to an OPTIONS preflight', async () => {
    const { pipeline } = setup('CORS-With-Preflight');
    const preflight = await pipeline.request('/', {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'PUT' },
    });
    expect(preflight.header('access-control-allow-methods')).toBe(
      'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
    );
    expect(preflight.header('access-control-expose-headers')).toBe('*');
  });

  it('an inline policy removes headers, matches listed origins, adds custom headers; viewer-response does not see them', async () => {
    const { pipeline, vres } = setup(
      {
        removeHeadersConfig: ['X-Powered-By'],
        corsConfig: {
          accessControlAllowOrigins: ['https://*.example.com'],
          accessControlAllowCredentials: true,
          override: true,
        },
        customHeadersConfig: [{ header: 'X-Env', value: 'dev', override: false }],
      },
      { 'x-powered-by': 'php', 'x-env': 'origin' },
    );
    const response = await pipeline.request('/', {
      headers: { Origin: 'https://app.example.com' },
    });
    expect(response.header('x-powered-by')).toBeUndefined();
    expect(response.header('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.header('access-control-allow-credentials')).toBe('true');
    expect(response.header('x-env')).toBe('origin');
    const seen = (
      vres.calls[0] as { Records: [{ cf: { response: { headers: Record<string, unknown> } } }] }
    ).Records[0].cf.response.headers;
    expect(seen['x-powered-by']).toBeDefined();
    const other = await pipeline.request('/', { headers: { Origin: 'https://evil.test' } });
    expect(other.header('access-control-allow-origin')).toBeUndefined();
  });
});

describe('HEAD and the cached GET', () => {
  it('answers a HEAD from a cached GET by default', async () => {
    const origin = recordingOrigin(() => ({ status: 200, body: 'hello' }));
    const pipeline = createPipeline({ config: configWith(origin.config), functions: {} });
    await pipeline.request('/h');
    const head = await pipeline.request('/h', { method: 'HEAD' });
    expect([head.header('x-cache'), head.header('content-length'), head.body.byteLength]).toEqual([
      'Hit from cloudfront',
      '5',
      0,
    ]);
    expect(origin.calls).toHaveLength(1);
  });

  it('keeps them apart with dev.undocumented.headServedFromCachedGet: false', async () => {
    const origin = recordingOrigin(() => ({ status: 200, body: 'hello' }));
    const pipeline = createPipeline({
      config: configWith(
        origin.config,
        {},
        { dev: { undocumented: { headServedFromCachedGet: false } } },
      ),
      functions: {},
    });
    await pipeline.request('/h');
    expect((await pipeline.request('/h', { method: 'HEAD' })).header('x-cache')).toBe(
      'Miss from cloudfront',
    );
  });
});
