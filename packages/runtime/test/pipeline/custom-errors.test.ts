/**
 * Custom error responses (docs/cloudfront-rules.md#custom-error-responses, #skip-rules).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OriginRequestEvent } from '@edge-app/events';
import { afterAll, describe, expect, it } from 'vitest';
import type { EdgeConfig } from '../../src/config.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { failingFunction, manualClock, passThrough, recordingOrigin } from './helpers.ts';

const pages = mkdtempSync(join(tmpdir(), 'edge-error-pages-'));
mkdirSync(join(pages, 'errors'));
writeFileSync(join(pages, 'errors', '404.html'), '<h1>not here</h1>');
writeFileSync(join(pages, 'errors', '503.html'), '<h1>back soon</h1>');
afterAll(() => rmSync(pages, { recursive: true, force: true }));

function setup(customErrorResponses: EdgeConfig['customErrorResponses'], appStatus = 404) {
  const app = recordingOrigin(() => ({ status: appStatus, body: 'origin error body' }));
  const fns = {
    vreq: passThrough('viewer-request'),
    vres: passThrough('viewer-response'),
    pageReq: passThrough('origin-request'),
    pageVreq: passThrough('viewer-request'),
  };
  const clock = manualClock();
  const pipeline = createPipeline({
    config: {
      origins: { app: app.config, pages: { dir: pages } },
      defaultBehavior: {
        origin: 'app',
        cache: { defaultTTL: 60 },
        functions: { 'viewer-request': 'vreq', 'viewer-response': 'vres' },
      },
      behaviors: [
        {
          pathPattern: '/errors/*',
          origin: 'pages',
          functions: { 'origin-request': 'pageReq', 'viewer-request': 'pageVreq' },
        },
      ],
      customErrorResponses,
    },
    functions: fns,
    now: clock.now,
  });
  return { app, fns, pipeline, clock };
}

describe('custom error responses', () => {
  it('answers an origin 404 with the page, fetched through the behavior its path matches, with the configured status', async () => {
    const { app, fns, pipeline } = setup([
      { errorCode: 404, responsePagePath: '/errors/404.html', responseCode: 200 },
    ]);
    const response = await pipeline.request('/missing');
    expect([response.status, response.text(), response.header('x-cache')]).toEqual([
      200,
      '<h1>not here</h1>',
      // The result type describes the origin's response, not the page (docs/cloudfront-rules.md#result-types).
      'Error from cloudfront',
    ]);
    expect(response.trace.customError).toEqual({
      errorCode: 404,
      responsePagePath: '/errors/404.html',
      responseCode: 200,
    });
    // origin-request of the page's behavior ran, its viewer-request did not; viewer-response does not run for a page.
    expect((fns.pageReq.calls[0] as OriginRequestEvent).Records[0].cf.request.uri).toBe(
      '/errors/404.html',
    );
    expect([fns.vreq.calls.length, fns.pageVreq.calls.length, fns.vres.calls.length]).toEqual([
      1, 0, 0,
    ]);
    expect(app.calls).toHaveLength(1);
  });

  it('keeps the error cached for the error caching minimum TTL and serves the page again', async () => {
    const { app, clock, pipeline } = setup([
      {
        errorCode: 404,
        responsePagePath: '/errors/404.html',
        responseCode: 404,
        errorCachingMinTTL: 30,
      },
    ]);
    await pipeline.request('/missing');
    clock.advance(29);
    const again = await pipeline.request('/missing');
    expect([again.status, again.text(), again.trace.fromCache]).toEqual([
      404,
      '<h1>not here</h1>',
      true,
    ]);
    expect(app.calls).toHaveLength(1);
  });

  it('returns what the page’s origin answered when the page cannot be fetched', async () => {
    const { pipeline } = setup([
      { errorCode: 404, responsePagePath: '/errors/gone.html', responseCode: 200 },
    ]);
    const response = await pipeline.request('/missing');
    // The pages bucket is not listable: its own missing key is a 403.
    expect(response.status).toBe(403);
  });

  it('leaves an error without a configured page as the origin sent it', async () => {
    const { pipeline } = setup([{ errorCode: 500, responsePagePath: '/errors/503.html' }]);
    const response = await pipeline.request('/missing');
    expect([response.status, response.text()]).toEqual([404, 'origin error body']);
  });

  it('replaces a Lambda-caused 503 with its page (undocumented; applied here)', async () => {
    const pipeline = createPipeline({
      config: {
        origins: { app: { handler: () => ({ status: 200 }) }, pages: { dir: pages } },
        defaultBehavior: { origin: 'app', functions: { 'viewer-request': 'broken' } },
        behaviors: [{ pathPattern: '/errors/*', origin: 'pages' }],
        customErrorResponses: [
          { errorCode: 503, responsePagePath: '/errors/503.html', responseCode: 503 },
        ],
      },
      functions: {
        broken: failingFunction(
          'viewer-request',
          'LambdaExecutionError',
          'unhandled-exception',
          'boom',
        ),
      },
    });
    const response = await pipeline.request('/');
    expect([response.status, response.text(), response.header('x-cache')]).toEqual([
      503,
      '<h1>back soon</h1>',
      'LambdaExecutionError from cloudfront',
    ]);
  });
});
