import type { OriginRequestEvent, ViewerRequestEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/pipeline/index.ts';
import {
  ALL_TRIGGERS,
  configWith,
  fourPassThrough,
  inlineFunction,
  recordingOrigin,
} from './helpers.ts';

function counts(fns: ReturnType<typeof fourPassThrough>) {
  return [
    fns.vreq.calls.length,
    fns.oreq.calls.length,
    fns.ores.calls.length,
    fns.vres.calls.length,
  ];
}

describe('pipeline order', () => {
  it('runs the four triggers around the origin in CloudFront order', async () => {
    const order: string[] = [];
    const mark = (name: string) => (event: { Records: [{ cf: object }] }) => {
      order.push(name);
      const cf = event.Records[0].cf as { request: unknown; response?: unknown };
      return cf.response ?? cf.request;
    };
    const origin = recordingOrigin(() => {
      order.push('origin');
      return { status: 200, body: 'ok' };
    });
    const pipeline = createPipeline({
      config: configWith(origin.config, ALL_TRIGGERS),
      functions: {
        vreq: inlineFunction('viewer-request', mark('viewer-request') as never),
        oreq: inlineFunction('origin-request', mark('origin-request') as never),
        ores: inlineFunction('origin-response', mark('origin-response') as never),
        vres: inlineFunction('viewer-response', mark('viewer-response') as never),
      },
    });
    const response = await pipeline.request('/a');
    expect(order).toEqual([
      'viewer-request',
      'origin-request',
      'origin',
      'origin-response',
      'viewer-response',
    ]);
    expect(response.trace.steps.map((s) => s.name)).toEqual([
      'viewer-request',
      'origin-request',
      'origin',
      'origin-response',
      'viewer-response',
    ]);
    expect(response.status).toBe(200);
    expect(response.text()).toBe('ok');
    expect(response.header('x-cache')).toBe('Miss from cloudfront');
  });

  it('sends the changes of viewer-request and origin-request to the origin', async () => {
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: configWith(origin.config, {
        'viewer-request': 'vreq',
        'origin-request': 'oreq',
      }),
      functions: {
        vreq: inlineFunction('viewer-request', (event) => {
          const { request } = (event as ViewerRequestEvent).Records[0].cf;
          request.headers['x-from-viewer'] = [{ key: 'X-From-Viewer', value: '1' }];
          request.uri = '/rewritten';
          return request;
        }),
        oreq: inlineFunction('origin-request', (event) => {
          const { request } = (event as OriginRequestEvent).Records[0].cf;
          request.headers['x-from-origin'] = [{ key: 'X-From-Origin', value: request.uri }];
          request.querystring = 'added=1';
          return request;
        }),
      },
    });
    await pipeline.request('/original?x=1');
    expect(origin.calls).toHaveLength(1);
    expect(origin.calls[0]!.url).toBe('/rewritten?added=1');
    expect(origin.calls[0]!.headers['x-from-viewer']).toBe('1');
    expect(origin.calls[0]!.headers['x-from-origin']).toBe('/rewritten');
  });

  it('serves hits without the origin triggers but with viewer-request and viewer-response', async () => {
    const fns = fourPassThrough();
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: configWith(origin.config, ALL_TRIGGERS),
      functions: fns,
    });
    const first = await pipeline.request('/page');
    const second = await pipeline.request('/page');
    expect(first.header('x-cache')).toBe('Miss from cloudfront');
    expect(second.header('x-cache')).toBe('Hit from cloudfront');
    expect(second.header('age')).toBe('0');
    expect(first.header('age')).toBeUndefined();
    expect(second.text()).toBe('hello');
    expect(counts(fns)).toEqual([2, 1, 1, 2]);
    expect(origin.calls).toHaveLength(1);
    expect(pipeline.stats).toMatchObject({ requests: 2, hits: 1, misses: 1, originFetches: 1 });
    expect(pipeline.stats.invocations['viewer-request']).toBe(2);
  });
});

describe('skip rules (docs/cloudfront-rules.md#skip-rules)', () => {
  it('a response generated in viewer-request goes straight out: not cached, no other trigger', async () => {
    const fns = {
      ...fourPassThrough(),
      vreq: inlineFunction('viewer-request', () => ({
        status: '302',
        statusDescription: 'Found',
        headers: { location: [{ key: 'Location', value: 'https://example.com/' }] },
      })),
    };
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: configWith(origin.config, ALL_TRIGGERS),
      functions: fns,
    });
    const first = await pipeline.request('/old');
    const second = await pipeline.request('/old');
    for (const response of [first, second]) {
      expect(response.status).toBe(302);
      expect(response.header('location')).toBe('https://example.com/');
      expect(response.header('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    }
    expect(counts(fns)).toEqual([2, 0, 0, 0]);
    expect(origin.calls).toHaveLength(0);
    expect(pipeline.stats.cacheEntries).toBe(0);
  });

  it('a response generated in origin-request is cached and skips origin-response', async () => {
    const fns = {
      ...fourPassThrough(),
      oreq: inlineFunction('origin-request', () => ({
        status: '200',
        headers: { 'content-type': [{ key: 'Content-Type', value: 'text/plain' }] },
        body: 'generated',
      })),
    };
    const origin = recordingOrigin();
    const pipeline = createPipeline({
      config: configWith(origin.config, ALL_TRIGGERS),
      functions: fns,
    });
    const first = await pipeline.request('/gen');
    const second = await pipeline.request('/gen');
    expect(first.header('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    expect(second.header('x-cache')).toBe('Hit from cloudfront');
    expect(second.text()).toBe('generated');
    // viewer-response runs on both: the exclusions do not list origin-request responses.
    expect(counts(fns)).toEqual([2, 1, 0, 2]);
    expect(origin.calls).toHaveLength(0);
  });

  it('origin-response runs for every origin status; viewer-response only below 400', async () => {
    const statuses = [200, 301, 404, 500, 503];
    for (const status of statuses) {
      const fns = fourPassThrough();
      const origin = recordingOrigin(() => ({ status, body: `status ${status}` }));
      const pipeline = createPipeline({
        config: configWith(origin.config, ALL_TRIGGERS),
        functions: fns,
      });
      const response = await pipeline.request(`/s${status}`);
      expect(response.status).toBe(status);
      expect(response.text()).toBe(`status ${status}`);
      expect(counts(fns)).toEqual([1, 1, 1, status < 400 ? 1 : 0]);
      expect(response.header('x-cache')).toBe(
        status < 400 ? 'Miss from cloudfront' : 'Error from cloudfront',
      );
    }
  });

  it('caches what origin-response returned, not what the origin sent', async () => {
    const ores = inlineFunction('origin-response', (event) => {
      const { response } = event.Records[0].cf as { response: { status: string; headers: object } };
      return { ...response, status: '200', statusDescription: 'OK', body: 'replaced' };
    });
    const origin = recordingOrigin(() => ({ status: 404, body: 'missing' }));
    const pipeline = createPipeline({
      config: configWith(origin.config, { 'origin-response': 'ores' }),
      functions: { ores },
    });
    const first = await pipeline.request('/x');
    const second = await pipeline.request('/x');
    expect([first.status, first.text()]).toEqual([200, 'replaced']);
    expect([second.status, second.text(), second.header('x-cache')]).toEqual([
      200,
      'replaced',
      'Hit from cloudfront',
    ]);
    expect(ores.calls).toHaveLength(1);
  });

  it('viewer-request changes feed the cache key but do not re-select the behavior', async () => {
    const main = recordingOrigin(() => ({ status: 200, body: 'main' }));
    const images = recordingOrigin(() => ({ status: 200, body: 'images' }));
    const vreq = inlineFunction('viewer-request', (event) => {
      const { request } = (event as ViewerRequestEvent).Records[0].cf;
      if (request.uri === '/alias') request.uri = '/images/a.png';
      return request;
    });
    const pipeline = createPipeline({
      config: {
        origins: { default: main.config, images: images.config },
        defaultBehavior: { origin: 'default', functions: { 'viewer-request': 'vreq' } },
        behaviors: [
          { pathPattern: '/images/*', origin: 'images', functions: { 'viewer-request': 'vreq' } },
        ],
      },
      functions: { vreq },
    });
    const viaAlias = await pipeline.request('/alias');
    // Selected by the viewer's path (/alias → default behavior), so the main origin answers.
    expect(viaAlias.text()).toBe('main');
    expect(main.calls[0]!.url).toBe('/images/a.png');
    const direct = await pipeline.request('/images/a.png');
    expect(direct.text()).toBe('images');
    // Same URI after rewriting, same behavior → same cache object.
    const again = await pipeline.request('/alias');
    expect(again.header('x-cache')).toBe('Hit from cloudfront');
    expect(main.calls).toHaveLength(1);
  });
});
