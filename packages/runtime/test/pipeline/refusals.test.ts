/**
 * Requests CloudFront answers itself, before any function runs: disallowed methods, a GET with a
 * body, the viewer protocol policy, URLs and header blocks over the limits.
 */
import { describe, expect, it } from 'vitest';
import type { BehaviorConfig } from '../../src/config.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import {
  ALL_TRIGGERS,
  allMethods,
  configWith,
  fourPassThrough,
  recordingOrigin,
} from './helpers.ts';

function setup(behavior: Omit<BehaviorConfig, 'pathPattern'> = {}, dev = {}) {
  const origin = recordingOrigin();
  const fns = fourPassThrough();
  const pipeline = createPipeline({
    config: configWith(origin.config, ALL_TRIGGERS, { dev }, behavior),
    functions: fns,
  });
  const invocations = () => Object.values(fns).reduce((sum, fn) => sum + fn.calls.length, 0);
  return { origin, pipeline, invocations };
}

describe('allowed methods (docs/cloudfront-rules.md#allowed-methods)', () => {
  it('answers a method outside GET, HEAD with 403 and CloudFront’s page; no function runs', async () => {
    const { origin, pipeline, invocations } = setup();
    for (const method of ['POST', 'DELETE', 'OPTIONS', 'PUT', 'PATCH']) {
      const response = await pipeline.request('/x', {
        method,
        body: method === 'DELETE' ? '' : 'data',
      });
      expect([response.status, response.header('x-cache')]).toEqual([403, 'Error from cloudfront']);
      expect(response.text()).toContain(
        'This distribution is not configured to allow the HTTP request method that was used for this request.',
      );
      expect(response.trace.refused).toEqual({ rule: 'allowed-methods', status: 403 });
    }
    expect(invocations()).toBe(0);
    expect(origin.calls).toHaveLength(0);
  });

  it('refuses a method CloudFront does not know, even when all seven are allowed', async () => {
    const { pipeline } = setup(allMethods);
    expect((await pipeline.request('/x', { method: 'TRACE' })).status).toBe(403);
    expect((await pipeline.request('/x', { method: 'DELETE' })).status).toBe(200);
  });
});

describe('a GET with a body (docs/cloudfront-rules.md#get-with-body)', () => {
  it('is refused with 403 before any function', async () => {
    const { pipeline, invocations } = setup();
    const response = await pipeline.request('/x', { method: 'GET', body: 'payload' });
    expect(response.status).toBe(403);
    expect(response.trace.refused?.rule).toBe('get-with-body');
    expect(invocations()).toBe(0);
  });
});

describe('viewer protocol policy (docs/cloudfront-rules.md#viewer-protocol-policy)', () => {
  it('redirect-to-https: 301 for GET and HEAD, 307 for other methods, no function; HTTPS is served', async () => {
    const { pipeline, invocations } = setup({
      viewerProtocolPolicy: 'redirect-to-https',
      ...allMethods,
    });
    const get = await pipeline.request('/a?b=1', {
      protocol: 'http',
      headers: { host: 'www.example.com' },
    });
    expect([get.status, get.header('location'), get.header('x-cache')]).toEqual([
      301,
      'https://www.example.com/a?b=1',
      'Redirect from cloudfront',
    ]);
    const post = await pipeline.request('/a', { method: 'POST', protocol: 'http', body: 'x' });
    expect(post.status).toBe(307);
    const old = await pipeline.request('/a', {
      method: 'POST',
      protocol: 'http',
      httpVersion: '1.0',
      body: 'x',
    });
    expect(old.status).toBe(403);
    expect(invocations()).toBe(0);
    expect((await pipeline.request('/a', { protocol: 'https' })).status).toBe(200);
  });

  it('https-only: 403 over HTTP', async () => {
    const { pipeline } = setup({ viewerProtocolPolicy: 'https-only' });
    expect((await pipeline.request('/a', { protocol: 'http' })).status).toBe(403);
  });

  it('takes the protocol from x-edge-viewer-protocol, else dev.viewerProtocol, else https', async () => {
    const { pipeline } = setup({ viewerProtocolPolicy: 'redirect-to-https' });
    expect((await pipeline.request('/a')).status).toBe(200);
    expect(
      (await pipeline.request('/a', { headers: { 'x-edge-viewer-protocol': 'http' } })).status,
    ).toBe(301);
    const http = setup({ viewerProtocolPolicy: 'redirect-to-https' }, { viewerProtocol: 'http' });
    expect((await http.pipeline.request('/a')).status).toBe(301);
  });
});

describe('request size limits (docs/cloudfront-rules.md#request-size-limits)', () => {
  it('answers 413 and closes the connection for a URL over 8,192 bytes; AWS says 413, not 414', async () => {
    const { pipeline, invocations } = setup();
    const host = 'd111111abcdef8.cloudfront.net';
    const fits = `/${'a'.repeat(8192 - `https://${host}/`.length)}`;
    expect((await pipeline.request(fits)).status).toBe(200);
    const tooLong = await pipeline.request(`${fits}b`);
    expect([tooLong.status, tooLong.closeConnection]).toEqual([413, true]);
    expect(tooLong.trace.refused?.rule).toBe('request-size-limits');
    // The four triggers ran for the URL that fits, none for the one over the limit.
    expect(invocations()).toBe(4);
  });

  it('answers 413 above 32,768 bytes of headers, notes a block above 20,480 and serves it', async () => {
    const { pipeline } = setup();
    const big = await pipeline.request('/a', { headers: { 'x-big': 'v'.repeat(21_000) } });
    expect(big.status).toBe(200);
    expect(big.trace.notes.map((note) => note.rule)).toEqual(['request-size-limits']);
    const tooBig = await pipeline.request('/a', { headers: { 'x-big': 'v'.repeat(33_000) } });
    expect(tooBig.status).toBe(413);
  });
});
