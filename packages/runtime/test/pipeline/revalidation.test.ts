/**
 * Conditional requests and stale content (docs/cloudfront-rules.md#conditional-requests,
 * #stale-content, #error-caching).
 */
import type { OriginRequestEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/pipeline/index.ts';
import {
  configWith,
  manualClock,
  type OriginCall,
  passThrough,
  recordingOrigin,
} from './helpers.ts';

const ETAG = '"v1"';
const MODIFIED = 'Wed, 01 Jan 2025 00:00:00 GMT';

/** An origin serving one object that answers its own validators with 304. */
function versionedOrigin(cacheControl: string, failWith?: () => number | undefined) {
  return recordingOrigin(
    (call: OriginCall): { status: number; headers?: Record<string, string>; body?: string } => {
      const status = failWith?.();
      if (status !== undefined) return { status, body: 'origin error' };
      if (call.headers['if-none-match'] === ETAG) {
        return {
          status: 304,
          headers: { etag: ETAG, 'cache-control': cacheControl, 'x-refreshed': 'yes' },
        };
      }
      return {
        status: 200,
        headers: {
          etag: ETAG,
          'last-modified': MODIFIED,
          'cache-control': cacheControl,
          'content-type': 'text/plain',
        },
        body: 'object',
      };
    },
  );
}

describe("a viewer's conditional request", () => {
  it('is answered 304 from a cached object whose validators match, else with the object', async () => {
    const origin = versionedOrigin('max-age=60');
    const pipeline = createPipeline({ config: configWith(origin.config), functions: {} });
    await pipeline.request('/o');
    const matching = await pipeline.request('/o', { headers: { 'If-None-Match': ETAG } });
    expect([
      matching.status,
      matching.body.byteLength,
      matching.header('etag'),
      matching.header('x-cache'),
    ]).toEqual([304, 0, ETAG, 'Hit from cloudfront']);
    const since = await pipeline.request('/o', {
      headers: { 'If-Modified-Since': 'Thu, 02 Jan 2025 00:00:00 GMT' },
    });
    expect(since.status).toBe(304);
    const other = await pipeline.request('/o', { headers: { 'If-None-Match': '"v0"' } });
    expect([other.status, other.text()]).toEqual([200, 'object']);
    expect(origin.calls).toHaveLength(1);
  });

  it('reaches the origin on a miss, and the origin’s 304 is passed on but never stored', async () => {
    const origin = versionedOrigin('max-age=60');
    const pipeline = createPipeline({ config: configWith(origin.config), functions: {} });
    const conditional = await pipeline.request('/o', { headers: { 'If-None-Match': ETAG } });
    expect(conditional.status).toBe(304);
    expect(conditional.trace.cache.storedForSeconds).toBe(0);
    const plain = await pipeline.request('/o');
    expect([plain.status, plain.text(), plain.header('x-cache')]).toEqual([
      200,
      'object',
      'Miss from cloudfront',
    ]);
  });
});

describe('revalidation of an expired object', () => {
  it('asks the origin with If-None-Match and If-Modified-Since; a 304 is a RefreshHit of the stored body', async () => {
    const clock = manualClock();
    const origin = versionedOrigin('max-age=60');
    const oreq = passThrough('origin-request');
    const pipeline = createPipeline({
      config: configWith(origin.config, { 'origin-request': 'oreq' }),
      functions: { oreq },
      now: clock.now,
    });
    await pipeline.request('/o');
    clock.advance(61);
    const refreshed = await pipeline.request('/o');
    expect([
      refreshed.status,
      refreshed.text(),
      refreshed.header('x-cache'),
      refreshed.header('x-refreshed'),
    ]).toEqual([200, 'object', 'RefreshHit from cloudfront', 'yes']);
    expect(origin.calls[1]?.headers['if-none-match']).toBe(ETAG);
    expect(origin.calls[1]?.headers['if-modified-since']).toBe(MODIFIED);
    // The validators are CloudFront's own: origin-request does not see them.
    const event = (oreq.calls[1] as OriginRequestEvent).Records[0].cf.request;
    expect(event.headers['if-none-match']).toBeUndefined();
    // Refreshed for another 60 s.
    clock.advance(59);
    expect((await pipeline.request('/o')).header('x-cache')).toBe('Hit from cloudfront');
    expect(origin.calls).toHaveLength(2);
  });

  it('serves the stale object at once within stale-while-revalidate and refreshes it behind', async () => {
    const clock = manualClock();
    let version = 1;
    const origin = recordingOrigin(() => ({
      status: 200,
      headers: { 'cache-control': 'max-age=10, stale-while-revalidate=30' },
      body: `v${version++}`,
    }));
    const pipeline = createPipeline({
      config: configWith(origin.config),
      functions: {},
      now: clock.now,
    });
    await pipeline.request('/s');
    clock.advance(15);
    const stale = await pipeline.request('/s');
    expect([stale.text(), stale.header('x-cache'), stale.trace.cache.lookup]).toEqual([
      'v1',
      'Hit from cloudfront',
      'stale',
    ]);
    await pipeline.settled();
    expect((await pipeline.request('/s')).text()).toBe('v2');
    clock.advance(50);
    expect((await pipeline.request('/s')).header('x-cache')).toBe('Miss from cloudfront');
  });

  it('serves the stale object on an origin 5xx within stale-if-error, and the error after it', async () => {
    const clock = manualClock();
    let failing = false;
    const origin = versionedOrigin('max-age=10, stale-if-error=60', () =>
      failing ? 503 : undefined,
    );
    const pipeline = createPipeline({
      config: configWith(origin.config),
      functions: {},
      now: clock.now,
    });
    await pipeline.request('/e');
    failing = true;
    clock.advance(30);
    const stale = await pipeline.request('/e');
    expect([stale.status, stale.text(), stale.trace.cache.lookup]).toEqual([
      200,
      'object',
      'stale',
    ]);
    clock.advance(60);
    expect((await pipeline.request('/e')).status).toBe(503);
  });

  it('without stale-if-error serves the stale object on a 5xx, but a 4xx goes to the viewer', async () => {
    const clock = manualClock();
    let answer: number | undefined;
    const origin = versionedOrigin('max-age=10', () => answer);
    const pipeline = createPipeline({
      config: configWith(origin.config),
      functions: {},
      now: clock.now,
    });
    await pipeline.request('/d');
    clock.advance(20);
    answer = 502;
    expect((await pipeline.request('/d')).status).toBe(200);
    // Held for the error caching minimum TTL without asking the origin again.
    clock.advance(5);
    expect((await pipeline.request('/d')).status).toBe(200);
    expect(origin.calls).toHaveLength(2);
    clock.advance(10);
    answer = 404;
    expect((await pipeline.request('/d')).status).toBe(404);
  });

  it('stale-if-error=0 turns the stale copy off', async () => {
    const clock = manualClock();
    let failing = false;
    const origin = versionedOrigin('max-age=10, stale-if-error=0', () =>
      failing ? 500 : undefined,
    );
    const pipeline = createPipeline({
      config: configWith(origin.config),
      functions: {},
      now: clock.now,
    });
    await pipeline.request('/z');
    failing = true;
    clock.advance(11);
    expect((await pipeline.request('/z')).status).toBe(500);
  });
});
