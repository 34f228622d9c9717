/**
 * Set-Cookie and Vary on the way back (docs/cloudfront-rules.md#cookies, #vary,
 * #response-header-changes).
 */
import type { OriginResponseEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/pipeline/index.ts';
import { configWith, inlineFunction, recordingOrigin } from './helpers.ts';

function cookieOrigin(cacheControl = 'max-age=60') {
  let n = 0;
  return recordingOrigin(() => ({
    status: 200,
    headers: { 'set-cookie': `visit=${++n}`, 'cache-control': cacheControl },
    body: 'page',
  }));
}

describe('Set-Cookie', () => {
  it('is removed, never cached nor replayed, when the behavior forwards no cookies', async () => {
    const pipeline = createPipeline({
      config: configWith(cookieOrigin().config, {}, {}, { cachePolicy: 'CachingOptimized' }),
      functions: {},
    });
    expect((await pipeline.request('/p')).headerValues('set-cookie')).toEqual([]);
    expect((await pipeline.request('/p')).headerValues('set-cookie')).toEqual([]);
  });

  it('is cached and replayed on hits when cookies are forwarded', async () => {
    const pipeline = createPipeline({
      config: configWith(cookieOrigin().config, {}, {}, { cachePolicy: { cookies: 'all' } }),
      functions: {},
    });
    await pipeline.request('/p');
    const hit = await pipeline.request('/p');
    expect([hit.header('x-cache'), hit.headerValues('set-cookie')]).toEqual([
      'Hit from cloudfront',
      ['visit=1'],
    ]);
  });

  it('is kept out of the cache by no-cache="Set-Cookie", but reaches the viewer of the miss', async () => {
    const pipeline = createPipeline({
      config: configWith(
        cookieOrigin('max-age=60, no-cache="Set-Cookie"').config,
        {},
        {},
        { cachePolicy: { cookies: 'all' } },
      ),
      functions: {},
    });
    expect((await pipeline.request('/p')).headerValues('set-cookie')).toEqual(['visit=1']);
    const hit = await pipeline.request('/p');
    expect([hit.header('x-cache'), hit.headerValues('set-cookie')]).toEqual([
      'Hit from cloudfront',
      [],
    ]);
  });

  it('added by origin-response stays, though the origin’s own was removed', async () => {
    const ores = inlineFunction('origin-response', (event) => {
      const { response } = (event as OriginResponseEvent).Records[0].cf;
      expect(response.headers['set-cookie']).toBeUndefined();
      response.headers['set-cookie'] = [{ key: 'Set-Cookie', value: 'from=function' }];
      return response;
    });
    const pipeline = createPipeline({
      config: configWith(
        cookieOrigin().config,
        { 'origin-response': 'ores' },
        {},
        { cachePolicy: 'CachingOptimized' },
      ),
      functions: { ores },
    });
    expect((await pipeline.request('/p')).headerValues('set-cookie')).toEqual(['from=function']);
  });
});

describe('Vary', () => {
  it('keeps Accept-Encoding, Cookie and the headers the behavior forwards; drops the rest', async () => {
    const origin = recordingOrigin(() => ({
      status: 200,
      headers: { vary: 'Accept-Encoding, X-Device, Accept-Language, Cookie, User-Agent' },
      body: 'v',
    }));
    const pipeline = createPipeline({
      config: configWith(origin.config, {}, {}, { cachePolicy: { headers: ['accept-language'] } }),
      functions: {},
    });
    expect((await pipeline.request('/v')).header('vary')).toBe(
      'Accept-Encoding, Accept-Language, Cookie',
    );
  });

  it('keeps User-Agent when a device header is forwarded, and removes Vary left empty', async () => {
    const origin = recordingOrigin((call) => ({
      status: 200,
      headers: { vary: call.url === '/ua' ? 'User-Agent' : 'X-Other' },
      body: 'v',
    }));
    const pipeline = createPipeline({
      config: configWith(
        origin.config,
        {},
        {},
        { cachePolicy: { headers: ['CloudFront-Is-Mobile-Viewer'] } },
      ),
      functions: {},
    });
    expect((await pipeline.request('/ua')).header('vary')).toBe('User-Agent');
    expect((await pipeline.request('/other')).header('vary')).toBeUndefined();
  });

  it('Vary: * with a minimum TTL of 0 is asked again every time', async () => {
    const origin = recordingOrigin(() => ({
      status: 200,
      headers: { vary: '*', 'cache-control': 'max-age=60' },
      body: 'v',
    }));
    const pipeline = createPipeline({ config: configWith(origin.config), functions: {} });
    await pipeline.request('/star');
    await pipeline.request('/star');
    expect(origin.calls).toHaveLength(2);
  });
});
