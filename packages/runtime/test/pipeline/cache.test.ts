import type { ViewerRequestEvent, ViewerResponseEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { toHeaderMap } from '../../src/pipeline/headers.ts';
import { computeTtlSeconds, createPipeline } from '../../src/pipeline/index.ts';
import { allMethods, configWith, inlineFunction, manualClock, recordingOrigin } from './helpers.ts';

const NOW = Date.UTC(2026, 0, 1);
const ttl = (
  cacheControl: string | undefined,
  settings = {},
  status = 200,
  extra: Array<[string, string]> = [],
) =>
  computeTtlSeconds(
    status,
    toHeaderMap([
      ...(cacheControl ? ([['Cache-Control', cacheControl]] as Array<[string, string]>) : []),
      ...extra,
    ]),
    settings,
    NOW,
  );

describe('TTL rules (DG: Expiration)', () => {
  it('uses the default TTL when the origin says nothing', () => {
    expect(ttl(undefined)).toBe(86_400);
    expect(ttl(undefined, { defaultTTL: 60 })).toBe(60);
    expect(ttl(undefined, { defaultTTL: 60, minTTL: 120 })).toBe(120);
  });

  it('clamps max-age to [minTTL, maxTTL]', () => {
    expect(ttl('max-age=600')).toBe(600);
    expect(ttl('max-age=600', { maxTTL: 300 })).toBe(300);
    expect(ttl('max-age=5', { minTTL: 30 })).toBe(30);
  });

  it('prefers s-maxage over max-age, and max-age over Expires', () => {
    expect(ttl('max-age=10, s-maxage=100')).toBe(100);
    const inAnHour = new Date(NOW + 3_600_000).toUTCString();
    expect(ttl('max-age=10', {}, 200, [['Expires', inAnHour]])).toBe(10);
    expect(ttl(undefined, {}, 200, [['Expires', inAnHour]])).toBe(3600);
    expect(ttl(undefined, {}, 200, [['Expires', 'not a date']])).toBe(0);
  });

  it('does not cache no-store, no-cache or private unless minTTL > 0', () => {
    for (const directive of ['no-store', 'no-cache', 'private']) {
      expect(ttl(directive)).toBe(0);
      expect(ttl(directive, { minTTL: 30 })).toBe(30);
    }
    // A field list applies to those fields: the object itself stays cacheable
    // (docs/cloudfront-rules.md#cookies).
    expect(ttl('public, no-cache="set-cookie"')).toBe(86_400);
  });
});

describe('cache in the pipeline', () => {
  it('expires objects by the clock, not by sleeping', async () => {
    const clock = manualClock(NOW);
    const origin = recordingOrigin((_call, index) => ({
      status: 200,
      headers: { 'cache-control': 'max-age=60' },
      body: `v${index}`,
    }));
    const pipeline = createPipeline({
      config: configWith(origin.config),
      functions: {},
      now: clock.now,
    });
    expect((await pipeline.request('/a')).text()).toBe('v0');
    clock.advance(59);
    const hit = await pipeline.request('/a');
    expect([hit.text(), hit.header('x-cache'), hit.header('age')]).toEqual([
      'v0',
      'Hit from cloudfront',
      '59',
    ]);
    clock.advance(1);
    const refreshed = await pipeline.request('/a');
    expect([refreshed.text(), refreshed.header('x-cache')]).toEqual(['v1', 'Miss from cloudfront']);
  });

  it('caches an origin 404 for 10 s and reports it as Error from cloudfront', async () => {
    const clock = manualClock(NOW);
    const origin = recordingOrigin(() => ({ status: 404, body: 'gone' }));
    const pipeline = createPipeline({
      config: configWith(origin.config),
      functions: {},
      now: clock.now,
    });
    const first = await pipeline.request('/missing');
    clock.advance(9);
    const cached = await pipeline.request('/missing');
    clock.advance(1);
    await pipeline.request('/missing');
    expect([first.status, first.header('x-cache'), first.trace.fromCache]).toEqual([
      404,
      'Error from cloudfront',
      false,
    ]);
    expect([cached.status, cached.header('x-cache'), cached.trace.fromCache]).toEqual([
      404,
      'Error from cloudfront',
      true,
    ]);
    expect(origin.calls).toHaveLength(2);
  });

  it('never stores no-store responses with the default minimum TTL', async () => {
    const origin = recordingOrigin(() => ({
      status: 200,
      headers: { 'cache-control': 'no-store' },
      body: 'x',
    }));
    const pipeline = createPipeline({ config: configWith(origin.config), functions: {} });
    await pipeline.request('/a');
    await pipeline.request('/a');
    expect(origin.calls).toHaveLength(2);
  });

  it('does not cache POST, and cache: false turns caching off', async () => {
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: configWith(origin.config, {}, {}, allMethods),
      functions: {},
    });
    await pipeline.request('/a', { method: 'POST', body: 'x' });
    await pipeline.request('/a', { method: 'POST', body: 'x' });
    expect(origin.calls).toHaveLength(2);
    const uncached = createPipeline({
      config: configWith(origin.config),
      functions: {},
      cache: false,
    });
    await uncached.request('/b');
    const second = await uncached.request('/b');
    expect(second.header('x-cache')).toBe('Miss from cloudfront');
    expect(origin.calls).toHaveLength(4);
  });

  it('purge() drops every object', async () => {
    const origin = recordingOrigin();
    const pipeline = createPipeline({ config: configWith(origin.config), functions: {} });
    await pipeline.request('/a');
    await pipeline.request('/b');
    expect(pipeline.purge()).toBe(2);
    expect((await pipeline.request('/a')).header('x-cache')).toBe('Miss from cloudfront');
  });

  it('builds the key from the query strings, headers and cookies the behavior names', async () => {
    const origin = recordingOrigin((call) => ({ status: 200, body: call.url }));
    const config = configWith(origin.config);
    config.defaultBehavior.cache = {
      queryStrings: ['page'],
      headers: ['Accept-Language'],
      cookies: ['session'],
    };
    const pipeline = createPipeline({ config, functions: {} });
    const get = (path: string, headers: Record<string, string> = {}) =>
      pipeline.request(path, { headers }).then((r) => r.header('x-cache'));
    expect(await get('/l?page=1&utm=a')).toBe('Miss from cloudfront');
    expect(await get('/l?utm=b&page=1')).toBe('Hit from cloudfront');
    expect(await get('/l?page=2')).toBe('Miss from cloudfront');
    expect(await get('/l?page=1', { 'accept-language': 'fr' })).toBe('Miss from cloudfront');
    expect(await get('/l?page=1', { 'Accept-Language': 'fr', cookie: 'other=1' })).toBe(
      'Hit from cloudfront',
    );
    expect(await get('/l?page=1', { 'accept-language': 'fr', cookie: 'session=abc' })).toBe(
      'Miss from cloudfront',
    );
    // Query strings the policy leaves out still reach the origin (AllViewer origin request policy).
    expect(origin.calls[0]!.url).toBe('/l?page=1&utm=a');
  });

  it('answers HEAD with the length of the object and no body, cached apart from GET', async () => {
    const origin = recordingOrigin((call) => ({
      status: 200,
      headers: { 'content-length': '5' },
      body: call.method === 'HEAD' ? '' : 'hello',
    }));
    const pipeline = createPipeline({ config: configWith(origin.config), functions: {} });
    const head = await pipeline.request('/h', { method: 'HEAD' });
    expect([head.status, head.header('content-length'), head.body.byteLength]).toEqual([
      200,
      '5',
      0,
    ]);
    const get = await pipeline.request('/h');
    expect([get.header('x-cache'), get.text()]).toEqual(['Miss from cloudfront', 'hello']);
    expect((await pipeline.request('/h', { method: 'HEAD' })).header('x-cache')).toBe(
      'Hit from cloudfront',
    );
    expect(origin.calls.map((c) => c.method)).toEqual(['HEAD', 'GET']);
  });

  it('ignores the query string by default', async () => {
    const origin = recordingOrigin();
    const pipeline = createPipeline({ config: configWith(origin.config), functions: {} });
    await pipeline.request('/q?a=1');
    expect((await pipeline.request('/q?a=2')).header('x-cache')).toBe('Hit from cloudfront');
  });

  it('keys on the URI viewer-request produced', async () => {
    const origin = recordingOrigin();
    const normalize = inlineFunction('viewer-request', (event) => {
      const { request } = (event as ViewerRequestEvent).Records[0].cf;
      request.uri = request.uri.toLowerCase();
      return request;
    });
    const pipeline = createPipeline({
      config: configWith(origin.config, { 'viewer-request': 'norm' }),
      functions: { norm: normalize },
    });
    await pipeline.request('/Hello');
    expect((await pipeline.request('/HELLO')).header('x-cache')).toBe('Hit from cloudfront');
    expect(origin.calls.map((c) => c.url)).toEqual(['/hello']);
  });

  it('keeps the cached object intact when viewer-response changes its headers in place', async () => {
    const origin = recordingOrigin();
    const stamp = inlineFunction('viewer-response', (event) => {
      const { response } = (event as ViewerResponseEvent).Records[0].cf;
      response.headers['x-stamp'] = [...(response.headers['x-stamp'] ?? []), { value: 'once' }];
      return response;
    });
    const pipeline = createPipeline({
      config: configWith(origin.config, { 'viewer-response': 'stamp' }),
      functions: { stamp },
    });
    await pipeline.request('/s');
    const hit = await pipeline.request('/s');
    expect([hit.header('x-cache'), hit.headerValues('x-stamp')]).toEqual([
      'Hit from cloudfront',
      ['once'],
    ]);
  });

  it('keeps at most maxCacheEntries objects, dropping the oldest', async () => {
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: configWith(origin.config),
      functions: {},
      maxCacheEntries: 2,
    });
    await pipeline.request('/1');
    await pipeline.request('/2');
    await pipeline.request('/3');
    expect(pipeline.stats.cacheEntries).toBe(2);
    expect((await pipeline.request('/1')).header('x-cache')).toBe('Miss from cloudfront');
    expect((await pipeline.request('/3')).header('x-cache')).toBe('Hit from cloudfront');
  });
});
