/**
 * Which origin errors CloudFront caches and for how long (docs/cloudfront-rules.md#error-caching),
 * and 307/308 only with Cache-Control (docs/cloudfront-rules.md#redirect-caching).
 */
import { describe, expect, it } from 'vitest';
import type { EdgeConfig } from '../../src/config.ts';
import { toHeaderMap } from '../../src/pipeline/headers.ts';
import { computeTtlSeconds, createPipeline } from '../../src/pipeline/index.ts';
import { configWith, manualClock, recordingOrigin } from './helpers.ts';

const NOW = Date.UTC(2026, 0, 1);
const ttl = (status: number, cacheControl?: string, errorMin?: number) =>
  computeTtlSeconds(
    status,
    toHeaderMap(cacheControl ? [['Cache-Control', cacheControl]] : []),
    {},
    NOW,
    errorMin,
  );

describe('error caching TTLs (DG: HTTPStatusCodes)', () => {
  it('caches 404, 414 and 500-504 always: for the greater of 10 s and max-age', () => {
    for (const status of [404, 414, 500, 501, 502, 503, 504]) {
      expect(ttl(status)).toBe(10);
      expect(ttl(status, 'max-age=30')).toBe(30);
      expect(ttl(status, 'max-age=2')).toBe(10);
      // Other directives do not count: the error caching minimum TTL applies.
      expect(ttl(status, 'no-store')).toBe(10);
    }
  });

  it('caches 400, 403, 405, 412 and 415 only with max-age or s-maxage', () => {
    for (const status of [400, 403, 405, 412, 415]) {
      expect(ttl(status)).toBe(0);
      expect(ttl(status, 'no-cache')).toBe(0);
      expect(ttl(status, 'max-age=60')).toBe(60);
      expect(ttl(status, 's-maxage=5')).toBe(10);
    }
  });

  it('never caches 416, nor statuses on neither list', () => {
    expect(ttl(416, 'max-age=60', 300)).toBe(0);
    expect(ttl(429, 'max-age=60')).toBe(0);
  });

  it('uses the error caching minimum TTL a custom error response sets', () => {
    expect(ttl(404, undefined, 0)).toBe(0);
    expect(ttl(503, undefined, 120)).toBe(120);
  });

  it('caches 307 and 308 only with a Cache-Control header (DG: http-3xx-status-codes)', () => {
    expect(ttl(307)).toBe(0);
    expect(ttl(308)).toBe(0);
    expect(ttl(308, 'max-age=60')).toBe(60);
    expect(ttl(301)).toBe(86_400);
    expect(ttl(302)).toBe(86_400);
  });
});

describe('error caching in the pipeline', () => {
  function setup(
    respond: () => { status: number; headers?: Record<string, string> },
    extra: Partial<EdgeConfig> = {},
    behavior = {},
  ) {
    const clock = manualClock(NOW);
    const origin = recordingOrigin(respond);
    const pipeline = createPipeline({
      config: configWith(origin.config, {}, extra, behavior),
      functions: {},
      now: clock.now,
    });
    return { clock, origin, pipeline };
  }

  it('refetches a 500 with max-age=30 only after 30 s', async () => {
    const { clock, origin, pipeline } = setup(() => ({
      status: 500,
      headers: { 'cache-control': 'max-age=30' },
    }));
    await pipeline.request('/e');
    clock.advance(29);
    expect((await pipeline.request('/e')).trace.fromCache).toBe(true);
    clock.advance(1);
    await pipeline.request('/e');
    expect(origin.calls).toHaveLength(2);
  });

  it('does not cache a 403 without max-age, nor a 416', async () => {
    for (const status of [403, 416]) {
      const { origin, pipeline } = setup(() => ({ status }));
      await pipeline.request('/e');
      await pipeline.request('/e');
      expect(origin.calls).toHaveLength(2);
    }
  });

  it('caches no error with CachingDisabled', async () => {
    const { origin, pipeline } = setup(
      () => ({ status: 404 }),
      {},
      { cachePolicy: 'CachingDisabled' },
    );
    await pipeline.request('/e');
    await pipeline.request('/e');
    expect(origin.calls).toHaveLength(2);
  });

  it('takes the error caching minimum TTL from customErrorResponses', async () => {
    const { clock, origin, pipeline } = setup(() => ({ status: 404 }), {
      customErrorResponses: [{ errorCode: 404, errorCachingMinTTL: 60 }],
    });
    await pipeline.request('/e');
    clock.advance(59);
    await pipeline.request('/e');
    expect(origin.calls).toHaveLength(1);
  });
});
