/**
 * Request collapsing (DG: RequestAndResponseBehaviorCustomOrigin, "Simultaneous requests for
 * the same object"): misses for one cache key that arrive while the first is at the origin
 * wait for it and are served its response, logged as Hits.
 */
import type { OriginRequestEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import type { OriginHttpResponse } from '../../src/config.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { ALL_TRIGGERS, configWith, fourPassThrough, inlineFunction } from './helpers.ts';

/** An origin whose answers wait until the test opens the gate. */
function gatedOrigin(respond: (index: number) => OriginHttpResponse) {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let calls = 0;
  let arrived: () => void = () => {};
  const firstArrived = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  return {
    config: {
      handler: async () => {
        const index = calls++;
        arrived();
        await gate;
        return respond(index);
      },
    },
    open: () => open(),
    firstArrived,
    get calls() {
      return calls;
    },
  };
}

/** Lets every pending promise chain run to its next real wait (in-process functions only). */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('request collapsing', () => {
  it('sends one request to the origin for simultaneous misses of one object', async () => {
    const origin = gatedOrigin((i) => ({
      status: 200,
      headers: { 'cache-control': 'max-age=60' },
      body: `answer ${i}`,
    }));
    const fns = fourPassThrough();
    const pipeline = createPipeline({
      config: configWith(origin.config, ALL_TRIGGERS),
      functions: fns,
    });
    const first = pipeline.request('/same');
    await origin.firstArrived;
    const others = [1, 2, 3, 4].map(() => pipeline.request('/same'));
    // Open the gate only once all four are past viewer-request and waiting at the cache.
    await settled();
    expect(fns.vreq.calls).toHaveLength(5);
    origin.open();
    const responses = await Promise.all([first, ...others]);
    expect(origin.calls).toBe(1);
    expect(responses.map((r) => r.text())).toEqual(Array(5).fill('answer 0'));
    expect(responses.map((r) => r.header('x-cache'))).toEqual([
      'Miss from cloudfront',
      ...Array(4).fill('Hit from cloudfront'),
    ]);
    // The origin side ran once; the viewer side ran for every request.
    expect([
      fns.vreq.calls.length,
      fns.oreq.calls.length,
      fns.ores.calls.length,
      fns.vres.calls.length,
    ]).toEqual([5, 1, 1, 5]);
  });

  it('sends every request to the origin when the response cannot be cached', async () => {
    const origin = gatedOrigin((i) => ({
      status: 200,
      headers: { 'cache-control': 'no-store' },
      body: `answer ${i}`,
    }));
    const pipeline = createPipeline({ config: configWith(origin.config), functions: {} });
    const first = pipeline.request('/private');
    await origin.firstArrived;
    const second = pipeline.request('/private');
    await settled();
    origin.open();
    const responses = await Promise.all([first, second]);
    expect(origin.calls).toBe(2);
    expect(responses.map((r) => r.header('x-cache'))).toEqual([
      'Miss from cloudfront',
      'Miss from cloudfront',
    ]);
  });

  it('does not collapse different objects, nor share a miss whose function failed', async () => {
    const origin = gatedOrigin(() => ({ status: 200, body: 'ok' }));
    let fail = true;
    const oreq = inlineFunction('origin-request', (event) => {
      if (fail) {
        fail = false;
        throw new Error('first invocation fails');
      }
      return (event as OriginRequestEvent).Records[0].cf.request;
    });
    const pipeline = createPipeline({
      config: configWith(origin.config, { 'origin-request': 'oreq' }),
      functions: { oreq },
    });
    const first = pipeline.request('/flaky');
    const second = pipeline.request('/flaky');
    const other = pipeline.request('/other');
    await settled();
    origin.open();
    const [a, b, c] = await Promise.all([first, second, other]);
    expect([a.status, a.header('x-cache')]).toEqual([503, 'LambdaExecutionError from cloudfront']);
    expect([b.status, b.text(), b.header('x-cache')]).toEqual([200, 'ok', 'Miss from cloudfront']);
    expect([c.status, c.header('x-cache')]).toEqual([200, 'Miss from cloudfront']);
    expect(origin.calls).toBe(2);
  });

  it('shares an origin that could not be reached: CloudFront caches its 502 like an origin 5xx (docs/cloudfront-rules.md#error-caching)', async () => {
    const origin = gatedOrigin(() => {
      throw new Error('connection refused');
    });
    const pipeline = createPipeline({
      config: configWith({ ...origin.config, connectionAttempts: 1 }),
      functions: {},
    });
    const first = pipeline.request('/down');
    await origin.firstArrived;
    const second = pipeline.request('/down');
    await settled();
    origin.open();
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([502, 502]);
    expect([a.trace.cache.lookup, b.trace.cache.lookup]).toEqual(['miss', 'collapsed']);
    expect(origin.calls).toBe(1);
  });
});
