/**
 * What reaches origin-request and the origin is decided by the cache policy and the origin request
 * policy (docs/cloudfront-rules.md#policy-interaction, #origin-request-headers,
 * #managed-origin-request-policies, #legacy-cache-settings).
 */
import type { OriginRequestEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import type { BehaviorConfig } from '../../src/config.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { allMethods, configWith, passThrough, recordingOrigin } from './helpers.ts';

const VIEWER_HEADERS = {
  Authorization: 'Bearer token',
  Accept: 'text/html',
  Referer: 'https://example.org/',
  'User-Agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile',
  'X-Custom': 'yes',
  Origin: 'https://app.example',
  Cookie: 'zeta=1; session=abc; alpha=2',
  'CloudFront-Viewer-Country': 'ZZ',
  'Cache-Control': 'no-cache',
};

async function forwarded(
  behavior: Omit<BehaviorConfig, 'pathPattern'>,
  init: { method?: string; path?: string } = {},
) {
  const origin = recordingOrigin();
  const oreq = passThrough('origin-request');
  const pipeline = createPipeline({
    config: configWith(
      origin.config,
      { 'origin-request': 'oreq' },
      { dev: { viewerCountry: 'DE' } },
      behavior,
    ),
    functions: { oreq },
    cache: false,
  });
  await pipeline.request(init.path ?? '/p?b=2&a=1&utm=x', {
    method: init.method ?? 'GET',
    headers: VIEWER_HEADERS,
    clientIp: '203.0.113.9',
    clientPort: 46532,
  });
  const event = (oreq.calls[0] as OriginRequestEvent).Records[0].cf.request;
  const call = origin.calls[0]!;
  return {
    eventHeaders: Object.keys(event.headers).sort(),
    querystring: event.querystring,
    header: (name: string) => event.headers[name]?.map((line) => line.value).join(', '),
    originHeaders: Object.keys(call.headers).sort(),
    originUrl: call.url,
    originHeader: (name: string) => call.headers[name],
  };
}

describe('the default: CachingOptimized and no origin request policy', () => {
  it('forwards Host (the origin), User-Agent: Amazon CloudFront, Via, X-Forwarded-For and X-Amz-Cf-Id, and little else', async () => {
    const seen = await forwarded({ cachePolicy: undefined });
    expect(seen.eventHeaders).toEqual(['host', 'user-agent', 'via', 'x-forwarded-for']);
    expect(seen.header('host')).toBe('default.origin.internal');
    expect(seen.header('user-agent')).toBe('Amazon CloudFront');
    expect(seen.header('x-forwarded-for')).toBe('203.0.113.9');
    expect(seen.querystring).toBe('');
    // X-Amz-Cf-Id is disallowed in events but always reaches the origin.
    expect(seen.originHeaders).toEqual([
      'host',
      'user-agent',
      'via',
      'x-amz-cf-id',
      'x-forwarded-for',
    ]);
    expect(seen.originHeader('x-amz-cf-id')).toMatch(/^[\w-]{56}$/);
    expect(seen.originUrl).toBe('/p');
  });

  it('puts the X-Amz-Cf-Id the origin saw on the response as well', async () => {
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: configWith(origin.config, {}, {}, { cachePolicy: 'CachingDisabled' }),
      functions: {},
    });
    const response = await pipeline.request('/');
    expect(origin.calls[0]?.headers['x-amz-cf-id']).toBe(response.header('x-amz-cf-id'));
  });
});

describe('managed origin request policies', () => {
  it('AllViewer forwards every viewer header, the viewer Host included, every cookie and query string', async () => {
    const seen = await forwarded({
      cachePolicy: 'CachingOptimized',
      originRequestPolicy: 'AllViewer',
    });
    expect(seen.header('host')).toBe('d111111abcdef8.cloudfront.net');
    expect(seen.header('authorization')).toBe('Bearer token');
    expect(seen.header('referer')).toBe('https://example.org/');
    expect(seen.header('user-agent')).toMatch(/^Mozilla/);
    expect(seen.header('cookie')).toBe('alpha=2; session=abc; zeta=1');
    expect(seen.querystring).toBe('b=2&a=1&utm=x');
    // A viewer's CloudFront-* header never passes as it came.
    expect(seen.header('cloudfront-viewer-country')).toBeUndefined();
  });

  it('AllViewerExceptHostHeader forwards all but Host, which names the origin', async () => {
    const seen = await forwarded({
      cachePolicy: 'CachingOptimized',
      originRequestPolicy: 'AllViewerExceptHostHeader',
    });
    expect(seen.header('host')).toBe('default.origin.internal');
    expect(seen.header('x-custom')).toBe('yes');
  });

  it('CORS-S3Origin forwards Origin and the preflight headers only', async () => {
    const seen = await forwarded({
      cachePolicy: 'CachingOptimized',
      originRequestPolicy: 'CORS-S3Origin',
    });
    expect(seen.eventHeaders).toEqual(['host', 'origin', 'user-agent', 'via', 'x-forwarded-for']);
    expect(seen.querystring).toBe('');
  });

  it('AllViewerAndCloudFrontHeaders-2022-06 adds the CloudFront-* headers, CloudFront-Viewer-Address among them', async () => {
    const seen = await forwarded({
      cachePolicy: 'CachingOptimized',
      originRequestPolicy: 'AllViewerAndCloudFrontHeaders-2022-06',
    });
    expect(seen.header('cloudfront-viewer-country')).toBe('DE');
    expect(seen.header('cloudfront-viewer-address')).toBe('203.0.113.9:46532');
    expect(seen.header('cloudfront-is-ios-viewer')).toBe('true');
    expect(seen.header('cloudfront-viewer-http-version')).toBe('1.1');
    expect(seen.originHeader('cloudfront-viewer-address')).toBe('203.0.113.9:46532');
  });
});

describe('cache policy and origin request policy together', () => {
  it('forwards what the cache key names: listed query strings, headers and cookies', async () => {
    const seen = await forwarded({
      cachePolicy: { minTTL: 0, queryStrings: ['a'], headers: ['Accept'], cookies: ['session'] },
    });
    expect(seen.querystring).toBe('a=1');
    expect(seen.header('accept')).toBe('text/html');
    expect(seen.header('cookie')).toBe('session=abc');
    expect(seen.header('authorization')).toBeUndefined();
  });

  it('takes the union of both allow lists', async () => {
    const seen = await forwarded({
      cachePolicy: { queryStrings: ['a'] },
      originRequestPolicy: { queryStrings: ['b'], headers: ['x-custom'], cookies: ['alpha'] },
    });
    expect(seen.querystring).toBe('b=2&a=1');
    expect(seen.header('x-custom')).toBe('yes');
    expect(seen.header('cookie')).toBe('alpha=2');
  });

  it('forwards what neither of two block lists blocks', async () => {
    const seen = await forwarded({
      cachePolicy: { queryStrings: { allExcept: ['utm'] } },
      originRequestPolicy: { queryStrings: { allExcept: ['b'] } },
    });
    expect(seen.querystring).toBe('a=1');
  });

  it('lets the cache policy forward a value the origin request policy blocks', async () => {
    const seen = await forwarded({
      cachePolicy: { queryStrings: ['utm'] },
      originRequestPolicy: { queryStrings: { allExcept: ['utm', 'b'] } },
    });
    expect(seen.querystring).toBe('a=1&utm=x');
  });
});

describe('legacy cache settings (ForwardedValues)', () => {
  it('removes Accept, Referer and Authorization on GET, forwards other headers, no query and no cookies', async () => {
    const seen = await forwarded({ cache: { defaultTTL: 60 } });
    expect(seen.header('accept')).toBeUndefined();
    expect(seen.header('referer')).toBeUndefined();
    expect(seen.header('authorization')).toBeUndefined();
    expect(seen.header('x-custom')).toBe('yes');
    expect(seen.header('cookie')).toBeUndefined();
    expect(seen.querystring).toBe('');
  });

  it('forwards Authorization on a POST and every query string once some are keyed', async () => {
    const seen = await forwarded(
      { cache: { defaultTTL: 60, queryStrings: ['a'] }, ...allMethods },
      { method: 'POST' },
    );
    expect(seen.header('authorization')).toBe('Bearer token');
    expect(seen.querystring).toBe('b=2&a=1&utm=x');
  });

  it('forwards every header, the viewer’s Host included, with headers ["*"], and caches nothing', async () => {
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: configWith(origin.config, {}, {}, { cache: { defaultTTL: 60, headers: ['*'] } }),
      functions: {},
    });
    const headers = { Accept: 'text/html', Referer: 'https://example.com/', Host: 'shop.test' };
    const first = await pipeline.request('/page', { headers });
    const second = await pipeline.request('/page', { headers });
    expect(origin.calls[0]?.headers.accept).toBe('text/html');
    expect(origin.calls[0]?.headers.referer).toBe('https://example.com/');
    expect(origin.calls[0]?.headers.host).toBe('shop.test');
    expect([first.cacheResult, second.cacheResult]).toEqual(['Miss', 'Miss']);
    expect(origin.calls).toHaveLength(2);
  });
});

describe('Accept-Encoding (docs/cloudfront-rules.md#compression)', () => {
  it('reaches origin-request normalised when the cache policy supports compression, raw otherwise only when listed', async () => {
    const origin = recordingOrigin();
    const oreq = passThrough('origin-request');
    const vreq = passThrough('viewer-request');
    const pipeline = createPipeline({
      config: configWith(
        origin.config,
        { 'viewer-request': 'vreq', 'origin-request': 'oreq' },
        {},
        { cachePolicy: 'CachingOptimized' },
      ),
      functions: { oreq, vreq },
      cache: false,
    });
    await pipeline.request('/', {
      headers: { 'Accept-Encoding': 'gzip, deflate, br;q=0.9, zstd' },
    });
    const viewerSaw = (vreq.calls[0] as OriginRequestEvent).Records[0].cf.request.headers[
      'accept-encoding'
    ];
    const originSaw = (oreq.calls[0] as OriginRequestEvent).Records[0].cf.request.headers[
      'accept-encoding'
    ];
    expect(viewerSaw?.[0]?.value).toBe('gzip, deflate, br;q=0.9, zstd');
    expect(originSaw?.[0]?.value).toBe('br,gzip');
    expect(origin.calls[0]?.headers['accept-encoding']).toBe('br,gzip');
  });
});
