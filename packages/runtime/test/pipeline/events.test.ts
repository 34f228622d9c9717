import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OriginRequestEvent, ViewerRequestEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { newRequestId } from '../../src/pipeline/events.ts';
import { createPipeline, detectDevice } from '../../src/pipeline/index.ts';
import { fixture } from '../validate/helpers.ts';
import {
  ALL_TRIGGERS,
  allMethods,
  configWith,
  fourPassThrough,
  inlineFunction,
  recordingOrigin,
} from './helpers.ts';

function keysDeep(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) =>
    k === 'headers' || k === 'customHeaders' ? [`${prefix}.${k}`] : keysDeep(v, `${prefix}.${k}`),
  );
}

describe('events as CloudFront builds them', () => {
  it('has the same fields as the Developer Guide example events', async () => {
    const fns = fourPassThrough();
    const pipeline = createPipeline({
      config: configWith({ url: 'http://127.0.0.1:9/' }, ALL_TRIGGERS),
      functions: fns,
    });
    // Port 9 refuses: only the request events matter here.
    await pipeline.request('/');
    expect(keysDeep(fns.vreq.calls[0]).sort()).toEqual(keysDeep(fixture('viewer-request')).sort());
    expect(keysDeep(fns.oreq.calls[0]).sort()).toEqual(keysDeep(fixture('origin-request')).sort());
  });

  it('shows viewer headers lower-cased with the key as sent, query raw, clientIp', async () => {
    const { vreq } = fourPassThrough();
    const pipeline = createPipeline({
      config: configWith(recordingOrigin().config, { 'viewer-request': 'vreq' }),
      functions: { vreq },
    });
    await pipeline.request('/p/a?b=1&c', {
      headers: [
        ['Host', 'example.test'],
        ['accept', '*/*'],
        ['X-Multi', '1'],
        ['x-multi', '2'],
      ],
      clientIp: '203.0.113.9',
    });
    const event = vreq.calls[0] as ViewerRequestEvent;
    const { config, request } = event.Records[0].cf;
    expect(config.eventType).toBe('viewer-request');
    expect(config.requestId).toMatch(/^[\w-]{56}$/);
    expect(request).toMatchObject({
      clientIp: '203.0.113.9',
      method: 'GET',
      uri: '/p/a',
      querystring: 'b=1&c',
    });
    expect(request.headers.host).toEqual([{ key: 'Host', value: 'example.test' }]);
    expect(request.headers.accept).toEqual([{ key: 'accept', value: '*/*' }]);
    expect(request.headers['x-multi']).toEqual([
      { key: 'X-Multi', value: '1' },
      { key: 'x-multi', value: '2' },
    ]);
  });

  it('hides disallowed headers from functions (docs/cloudfront-rules.md#disallowed-headers)', async () => {
    const { vreq } = fourPassThrough();
    const pipeline = createPipeline({
      config: configWith(recordingOrigin().config, { 'viewer-request': 'vreq' }),
      functions: { vreq },
    });
    await pipeline.request('/', {
      headers: {
        Connection: 'keep-alive',
        'X-Forwarded-Proto': 'https',
        'X-Amz-Cf-Id': 'x',
        'x-edge-viewer-country': 'FR',
        'x-ok': '1',
      },
    });
    const headers = (vreq.calls[0] as ViewerRequestEvent).Records[0].cf.request.headers;
    expect(Object.keys(headers).sort()).toEqual(['host', 'x-ok']);
  });

  it('adds the CloudFront-* headers a policy lists, for origin events only, overwriting the viewer’s (docs/cloudfront-rules.md#cloudfront-request-headers)', async () => {
    const fns = fourPassThrough();
    const pipeline = createPipeline({
      config: configWith(
        recordingOrigin().config,
        ALL_TRIGGERS,
        { dev: { viewerCountry: 'DE', viewerProtocol: 'http' } },
        {
          cachePolicy: 'CachingOptimized',
          originRequestPolicy: {
            headers: [
              'CloudFront-Viewer-Country',
              'CloudFront-Is-Mobile-Viewer',
              'CloudFront-Is-Desktop-Viewer',
              'CloudFront-Forwarded-Proto',
            ],
          },
        },
      ),
      functions: fns,
    });
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148';
    await pipeline.request('/', {
      headers: {
        'user-agent': iphone,
        'CloudFront-Viewer-Country': 'ZZ',
        'x-forwarded-for': '198.51.100.1',
      },
      clientIp: '203.0.113.9',
    });
    const viewerHeaders = (fns.vreq.calls[0] as ViewerRequestEvent).Records[0].cf.request.headers;
    expect(viewerHeaders['cloudfront-viewer-country']?.[0]?.value).toBe('ZZ');
    expect(viewerHeaders['cloudfront-is-mobile-viewer']).toBeUndefined();
    const origin = (fns.oreq.calls[0] as OriginRequestEvent).Records[0].cf.request;
    const value = (name: string) => origin.headers[name]?.[0]?.value;
    expect(value('cloudfront-viewer-country')).toBe('DE');
    expect(origin.headers['cloudfront-viewer-country']?.[0]?.key).toBe('CloudFront-Viewer-Country');
    expect(value('cloudfront-is-mobile-viewer')).toBe('true');
    expect(value('cloudfront-is-desktop-viewer')).toBe('false');
    expect(value('cloudfront-forwarded-proto')).toBe('http');
    expect(value('x-forwarded-for')).toBe('198.51.100.1, 203.0.113.9');
    expect(value('via')).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(value('host')).toBe('default.origin.internal');
    expect(origin.origin.custom?.domainName).toBe('default.origin.internal');
  });

  it('names each origin by its own name, even when two share one config object', async () => {
    const fns = fourPassThrough();
    const shared = recordingOrigin().config;
    const pipeline = createPipeline({
      config: {
        origins: { first: shared, second: shared },
        behaviors: [{ pathPattern: '/second/*', origin: 'second', functions: ALL_TRIGGERS }],
        defaultBehavior: { origin: 'first', functions: ALL_TRIGGERS },
      },
      functions: fns,
    });
    await pipeline.request('/one');
    await pipeline.request('/second/two');
    const domains = fns.oreq.calls.map(
      (event) => (event as OriginRequestEvent).Records[0].cf.request.origin.custom?.domainName,
    );
    expect(domains).toEqual(['first.origin.internal', 'second.origin.internal']);
  });

  it('takes the viewer country from x-edge-viewer-country per request', async () => {
    const fns = fourPassThrough();
    const pipeline = createPipeline({
      config: configWith(
        recordingOrigin().config,
        ALL_TRIGGERS,
        {},
        {
          cache: { headers: ['CloudFront-Viewer-Country'] },
        },
      ),
      functions: fns,
    });
    await pipeline.request('/a', { headers: { 'x-edge-viewer-country': 'JP' } });
    await pipeline.request('/b');
    const country = (i: number) =>
      (fns.oreq.calls[i] as OriginRequestEvent).Records[0].cf.request.headers[
        'cloudfront-viewer-country'
      ]?.[0]?.value;
    expect([country(0), country(1)]).toEqual(['JP', 'US']);
  });

  it('classifies devices from the User-Agent', () => {
    expect(detectDevice('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)')).toMatchObject({
      tablet: true,
      mobile: false,
    });
    expect(detectDevice('Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari')).toMatchObject({
      mobile: true,
    });
    expect(detectDevice('Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0)')).toMatchObject({
      smartTv: true,
      desktop: false,
    });
    expect(detectDevice('Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0')).toEqual({
      mobile: false,
      tablet: false,
      smartTv: false,
      desktop: true,
      android: false,
      ios: false,
    });
    expect(detectDevice('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)')).toMatchObject({
      ios: true,
      android: false,
    });
  });

  it('exposes the body base64 with includeBody and forwards a replaced body', async () => {
    const origin = recordingOrigin();
    let seen: unknown;
    const vreq = inlineFunction('viewer-request', (event) => {
      const { request } = (event as ViewerRequestEvent).Records[0].cf;
      seen = { ...request.body };
      request.body = { ...request.body!, action: 'replace', encoding: 'text', data: 'replaced' };
      return request;
    });
    const pipeline = createPipeline({
      config: configWith(
        origin.config,
        { 'viewer-request': { function: 'vreq', includeBody: true } },
        {},
        allMethods,
      ),
      functions: { vreq },
    });
    await pipeline.request('/form', { method: 'POST', body: 'a=1&b=2' });
    expect(seen).toEqual({
      inputTruncated: false,
      action: 'read-only',
      encoding: 'base64',
      data: Buffer.from('a=1&b=2').toString('base64'),
    });
    expect(Buffer.from(origin.calls[0]!.body).toString()).toBe('replaced');
  });

  it('truncates the exposed body at the event limit and leaves the forwarded body whole', async () => {
    const origin = recordingOrigin();
    let truncated: boolean | undefined;
    let exposedBytes = 0;
    const vreq = inlineFunction('viewer-request', (event) => {
      const { request } = (event as ViewerRequestEvent).Records[0].cf;
      truncated = request.body?.inputTruncated;
      exposedBytes = Buffer.from(request.body?.data ?? '', 'base64').byteLength;
      return request;
    });
    const pipeline = createPipeline({
      config: configWith(
        origin.config,
        { 'viewer-request': { function: 'vreq', includeBody: true } },
        {},
        allMethods,
      ),
      functions: { vreq },
    });
    const big = Buffer.alloc(50 * 1024, 7);
    await pipeline.request('/upload', { method: 'PUT', body: big });
    expect(truncated).toBe(true);
    expect(exposedBytes).toBe(40 * 1024);
    expect(Buffer.compare(Buffer.from(origin.calls[0]!.body), big)).toBe(0);
  });

  it('does not show the body without includeBody', async () => {
    const { vreq } = fourPassThrough();
    const pipeline = createPipeline({
      config: configWith(recordingOrigin().config, { 'viewer-request': 'vreq' }, {}, allMethods),
      functions: { vreq },
    });
    await pipeline.request('/form', { method: 'POST', body: 'secret' });
    expect((vreq.calls[0] as ViewerRequestEvent).Records[0].cf.request.body).toBeUndefined();
  });

  it('gives a public S3 origin no region: the guide requires one only with an OAI', async () => {
    const { oreq } = fourPassThrough();
    const dir = mkdtempSync(join(tmpdir(), 'edge-events-s3-'));
    try {
      const pipeline = createPipeline({
        config: configWith({ dir }, { 'origin-request': 'oreq' }),
        functions: { oreq },
      });
      await pipeline.request('/missing.txt');
      const { s3 } = (oreq.calls[0] as OriginRequestEvent).Records[0].cf.request.origin;
      expect(s3?.authMethod).toBe('none');
      expect(s3).not.toHaveProperty('region');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives every miss its own origin object: one function's change does not leak into the next event", async () => {
    const origin = recordingOrigin();
    const oreq = inlineFunction('origin-request', (event) => {
      const request = (event as OriginRequestEvent).Records[0].cf.request;
      const custom = request.origin.custom;
      if (custom) custom.customHeaders['x-changed'] = [{ key: 'X-Changed', value: 'yes' }];
      return request;
    });
    const pipeline = createPipeline({
      config: configWith(origin.config, { 'origin-request': 'oreq' }, {}),
      functions: { oreq },
      cache: false,
    });
    await pipeline.request('/a');
    await pipeline.request('/b');
    const seen = oreq.calls.map(
      (event) => (event as OriginRequestEvent).Records[0].cf.request.origin.custom?.customHeaders,
    );
    expect(seen).toEqual([{}, {}]);
    // The function's custom header did reach the origin.
    expect(origin.calls.map((call) => call.headers['x-changed'])).toEqual(['yes', 'yes']);
  });

  it('gives every request its own id, 56 URL-safe characters, across many draws of random bytes', () => {
    const ids = Array.from({ length: 1000 }, () => newRequestId());
    for (const id of ids) expect(id).toMatch(/^[\w-]{56}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
