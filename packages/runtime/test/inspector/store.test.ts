/**
 * The request store: what it keeps of each request (a copy, strings cut to the bound), the
 * order and filters of its list, and its two bounds (requests and characters).
 */
import type { ViewerRequestEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { RequestStore } from '../../src/inspector/store.ts';
import type { InspectedTrigger } from '../../src/inspector/types.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import {
  allMethods,
  configWith,
  inlineFunction,
  passThrough,
  recordingOrigin,
} from '../pipeline/helpers.ts';

function pipelineInto(store: RequestStore, body = 'hello') {
  const origin = recordingOrigin(() => ({
    status: 200,
    headers: { 'content-type': 'text/plain' },
    body,
  }));
  return createPipeline({
    config: configWith(
      origin.config,
      { 'viewer-request': 'vreq' },
      {},
      { cache: { defaultTTL: 0 } },
    ),
    functions: { vreq: passThrough('viewer-request') },
    onTrace: store.record,
  });
}

describe('RequestStore', () => {
  it('keeps the last maxRequests requests, newest first', async () => {
    const store = new RequestStore({ maxRequests: 3 });
    const pipeline = pipelineInto(store);
    for (const path of ['/1', '/2', '/3', '/4', '/5']) await pipeline.request(path);
    expect(store.size).toBe(3);
    expect(store.list().map((r) => r.path)).toEqual(['/5', '/4', '/3']);
    const oldest = store.list().at(-1)?.id as string;
    expect(store.get(oldest)?.path).toBe('/3');
  });

  it('cuts long strings to the bound and says where', async () => {
    const store = new RequestStore({ stringLimit: 1024 });
    const pipeline = pipelineInto(store, 'x'.repeat(5000));
    const response = await pipeline.request('/big');
    expect(response.body.byteLength).toBe(5000);
    const entry = store.get(store.list()[0]?.id as string);
    expect(entry?.response?.body).toMatchObject({ bytes: 5000, truncated: true, encoding: 'text' });
    expect(entry?.response?.body.data).toHaveLength(1024);
    expect(entry?.truncated).toEqual(expect.arrayContaining(['origin body', 'response body']));
  });

  it('drops the oldest requests once the characters kept pass maxChars', async () => {
    const store = new RequestStore({ stringLimit: 1000, maxChars: 5000 });
    const pipeline = pipelineInto(store, 'y'.repeat(1000));
    for (let i = 0; i < 10; i++) await pipeline.request(`/p${i}`);
    expect(store.chars).toBeLessThanOrEqual(5000);
    expect(store.size).toBeGreaterThan(0);
    expect(store.size).toBeLessThan(10);
    expect(store.list()[0]?.path).toBe('/p9');
  });

  it("keeps a copy: what the function's event and result hold later does not change it", async () => {
    const store = new RequestStore();
    let seen: ViewerRequestEvent | undefined;
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: configWith(origin.config, { 'viewer-request': 'vreq' }),
      functions: {
        vreq: inlineFunction('viewer-request', (event) => {
          seen = event as ViewerRequestEvent;
          return structuredClone(seen.Records[0].cf.request);
        }),
      },
      onTrace: store.record,
    });
    await pipeline.request('/copy');
    (seen as ViewerRequestEvent).Records[0].cf.request.uri = '/changed-later';
    const trigger = store.get(store.list()[0]?.id as string)?.steps[0] as InspectedTrigger;
    expect(trigger.event?.Records[0].cf.request.uri).toBe('/copy');
  });

  it('filters by part of the path, a status or status class, and the X-Cache result', async () => {
    const store = new RequestStore();
    const origin = recordingOrigin((call) => ({ status: call.url === '/gone' ? 410 : 200 }));
    const pipeline = createPipeline({
      config: configWith(origin.config, {}, {}, allMethods),
      functions: {},
      onTrace: store.record,
    });
    await pipeline.request('/shop/a');
    await pipeline.request('/shop/a');
    await pipeline.request('/gone');
    const urls = (filter: Parameters<RequestStore['list']>[0]) =>
      store.list(filter).map((r) => `${r.path} ${r.status} ${r.cacheResult}`);
    expect(urls({ path: 'shop' })).toEqual(['/shop/a 200 Hit', '/shop/a 200 Miss']);
    expect(urls({ status: '4xx' })).toEqual(['/gone 410 Error']);
    expect(urls({ status: '410' })).toEqual(['/gone 410 Error']);
    expect(urls({ status: '200', cache: 'MISS' })).toEqual(['/shop/a 200 Miss']);
  });

  it('tells subscribers of each request and purge, and a failing subscriber fails nothing', async () => {
    const store = new RequestStore();
    const pipeline = pipelineInto(store);
    const seen: string[] = [];
    store.subscribe(() => {
      throw new Error('a closed stream');
    });
    const stop = store.subscribe((event) =>
      seen.push(event.kind === 'request' ? event.request.path : `purge ${event.purged}`),
    );
    const response = await pipeline.request('/told');
    expect(response.status).toBe(200);
    store.notePurge(2);
    stop();
    await pipeline.request('/not-told');
    expect(seen).toEqual(['/told', 'purge 2']);
  });

  it('summarizes a failure with the rule the terminal prints', async () => {
    const store = new RequestStore();
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: configWith(origin.config, { 'viewer-request': 'vreq' }),
      functions: {
        vreq: inlineFunction('viewer-request', () => {
          throw new Error('boom');
        }),
      },
      onTrace: store.record,
    });
    await pipeline.request('/fails');
    const [summary] = store.list();
    expect(summary).toMatchObject({
      status: 503,
      cacheResult: 'LambdaExecutionError',
      rule: 'unhandled-exception',
      triggers: [{ name: 'viewer-request', functionName: 'vreq', failed: true }],
    });
    const entry = store.get(summary?.id as string);
    expect(entry?.error).toMatchObject({ rule: 'unhandled-exception', status: 503 });
  });
});
