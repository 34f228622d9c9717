import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OriginRequestEvent } from '@edge-app/events';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { EdgeConfig } from '../../src/config.ts';
import { createPipeline, type Pipeline } from '../../src/pipeline/index.ts';
import { type EdgeServer, PURGE_PATH, startEdgeServer } from '../../src/server/index.ts';
import {
  allMethods,
  configWith,
  failingFunction,
  inlineFunction,
  passThrough,
} from '../pipeline/helpers.ts';
import { binaryPayload, closedPort, serveConfig, startOrigin } from './helpers.ts';

const cleanups: Array<() => unknown> = [];
const forwardAll = {
  cachePolicy: 'CachingOptimized',
  originRequestPolicy: 'AllViewerExceptHostHeader',
} as const;
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(
  config: EdgeConfig,
  functions: Parameters<typeof createPipeline>[0]['functions'] = {},
) {
  return serveConfig(config, functions, cleanups);
}

/** Raw response with every header line as received. */
function get(
  server: EdgeServer,
  path: string,
  options: { method?: string; body?: Buffer; headers?: Record<string, string> } = {},
): Promise<{
  status: number;
  rawHeaders: string[];
  body: Buffer;
  header(name: string): string | undefined;
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks),
            header: (name) => {
              const value = res.headers[name.toLowerCase()];
              return Array.isArray(value) ? value.join(', ') : value;
            },
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('over HTTP on 127.0.0.1', () => {
  it('proxies a URL origin and adds the CloudFront response headers', async () => {
    const origin = await startOrigin((req, _body, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Origin-Path': req.url ?? '' });
      res.end(`host=${req.headers.host} ua=${req.headers['user-agent']}`);
    });
    cleanups.push(() => origin.close());
    const { server } = await serve(
      // Every viewer header and query string forwarded, Host set to the origin's name, as the
      // managed AllViewerExceptHostHeader policy does (docs/cloudfront-rules.md#managed-origin-request-policies).
      configWith({ url: origin.url }, {}, { dev: { pop: 'TST1-P1' } }, forwardAll),
    );
    const response = await get(server, '/hello?x=1', { headers: { 'User-Agent': 'test-agent' } });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('host=127.0.0.1 ua=test-agent');
    expect(response.header('x-origin-path')).toBe('/hello?x=1');
    expect(response.header('x-cache')).toBe('Miss from cloudfront');
    expect(response.header('via')).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(response.header('x-amz-cf-pop')).toBe('TST1-P1');
    expect(response.header('x-amz-cf-id')).toMatch(/^[\w-]{56}$/);
    const second = await get(server, '/hello?x=1');
    expect(second.header('x-cache')).toBe('Hit from cloudfront');
    expect(origin.requests).toBe(1);
  });

  it('round-trips binary bodies both ways and several Set-Cookie headers exactly', async () => {
    const payload = binaryPayload();
    let received: Buffer | undefined;
    const origin = await startOrigin((_req, body, res) => {
      received = body;
      res.writeHead(
        200,
        [
          ['Content-Type', 'application/octet-stream'],
          ['Set-Cookie', 'a=1; Path=/; HttpOnly'],
          ['Set-Cookie', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
          ['Set-Cookie', 'c=3'],
        ].flat(),
      );
      res.end(payload);
    });
    cleanups.push(() => origin.close());
    const { server } = await serve(
      configWith(
        { url: origin.url },
        {
          'origin-response': 'ores',
          'viewer-response': 'vres',
        },
        {},
        { ...forwardAll, ...allMethods },
      ),
      { ores: passThrough('origin-response'), vres: passThrough('viewer-response') },
    );
    const response = await get(server, '/bin', { method: 'POST', body: payload });
    expect(Buffer.compare(received!, payload)).toBe(0);
    expect(Buffer.compare(response.body, payload)).toBe(0);
    const cookies = response.rawHeaders.filter(
      (_, i) => i % 2 === 1 && /^set-cookie$/i.test(response.rawHeaders[i - 1]!),
    );
    expect(cookies).toEqual([
      'a=1; Path=/; HttpOnly',
      'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT',
      'c=3',
    ]);
  });

  it('serves a directory origin like S3, binary files byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-dir-origin-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'img'));
    const image = binaryPayload(10_000);
    writeFileSync(join(dir, 'img', 'logo.png'), image);
    writeFileSync(join(dir, 'index.html'), '<h1>home</h1>');
    const { server, pipeline } = await serve(
      configWith({ dir }, {}, { defaultRootObject: 'index.html' }),
    );
    const png = await get(server, '/img/logo.png');
    expect(png.status).toBe(200);
    expect(png.header('content-type')).toBe('image/png');
    expect(Buffer.compare(png.body, image)).toBe(0);
    expect(png.header('content-length')).toBe('10000');
    const home = await get(server, '/');
    expect([home.status, home.body.toString(), home.header('content-type')]).toEqual([
      200,
      '<h1>home</h1>',
      'text/html',
    ]);
    // A bucket CloudFront may read but not list answers a missing key with 403
    // (docs/cloudfront-rules.md#s3-origins); with `listable`, 404.
    const missing = await get(server, '/nope.txt');
    expect(missing.status).toBe(403);
    expect(missing.body.toString()).toContain('<Code>AccessDenied</Code>');
    const listable = await serve(configWith({ dir, listable: true }));
    const notFound = await get(listable.server, '/nope.txt');
    expect(notFound.status).toBe(404);
    expect(notFound.body.toString()).toContain('<Code>NoSuchKey</Code>');
    expect((await get(server, '/img/')).status).toBe(403);
    // In-process, because HTTP clients resolve dot segments before sending.
    expect((await pipeline.request('/%2e%2e/etc/passwd')).status).toBe(403);
    const head = await get(server, '/img/logo.png', { method: 'HEAD' });
    expect([head.status, head.header('content-length'), head.body.length]).toEqual([
      200,
      '10000',
      0,
    ]);
  });

  it('sends the request where an origin-request function pointed origin.custom', async () => {
    const configured = await startOrigin((_req, _body, res) => res.end('configured origin'));
    const other = await startOrigin((req, _body, res) =>
      res.end(`other origin ${req.url} secret=${req.headers['x-origin-secret']}`),
    );
    cleanups.push(
      () => configured.close(),
      () => other.close(),
    );
    const otherPort = Number(new URL(other.url).port);
    const deadPort = await closedPort();
    const reroute = inlineFunction('origin-request', (event) => {
      const { request } = (event as OriginRequestEvent).Records[0].cf;
      if (request.uri === '/dead') {
        request.origin = {
          custom: { ...request.origin.custom!, domainName: '127.0.0.1', port: deadPort },
        };
      }
      if (request.uri.startsWith('/other/')) {
        request.origin = {
          custom: {
            ...request.origin.custom!,
            domainName: '127.0.0.1',
            port: otherPort,
            protocol: 'http',
            path: '/base',
            customHeaders: { 'x-origin-secret': [{ key: 'X-Origin-Secret', value: 's3cr3t' }] },
          },
        };
      }
      return request;
    });
    const { server } = await serve(
      configWith({ url: configured.url }, { 'origin-request': 'reroute' }, {}, forwardAll),
      {
        reroute,
      },
    );
    expect((await get(server, '/page')).body.toString()).toBe('configured origin');
    expect((await get(server, '/other/x?q=1')).body.toString()).toBe(
      'other origin /base/other/x?q=1 secret=s3cr3t',
    );
    expect([configured.requests, other.requests]).toEqual([1, 1]);
    const { pipeline } = await serve(
      configWith({ url: configured.url }, { 'origin-request': 'reroute' }),
      {
        reroute,
      },
    );
    const dead = await pipeline.request('/dead');
    expect(dead.status).toBe(502);
    expect(dead.trace.error?.message).toContain('(set by the origin-request function)');
    expect(dead.trace.error?.fix).toContain('The origin-request function set `request.origin`');
  });

  it('answers 502 at once when the origin refuses connections', async () => {
    const port = await closedPort();
    const { server } = await serve(configWith({ url: `http://127.0.0.1:${port}` }));
    const response = await get(server, '/');
    expect(response.status).toBe(502);
    expect(response.header('x-cache')).toBe('Error from cloudfront');
    expect(response.body.toString()).toContain("CloudFront wasn't able to connect to the origin.");
  });

  it('answers 504 when the origin does not respond within its timeout', async () => {
    const origin = await startOrigin(() => {
      // Never answers; the test's cleanup closes the socket.
    });
    cleanups.push(() => origin.close());
    const { server } = await serve(configWith({ url: origin.url, timeoutMs: 200 }));
    const response = await get(server, '/slow');
    expect(response.status).toBe(504);
    expect(response.body.toString()).toContain('<H1>504 ERROR</H1>');
  });

  it('keeps serving after a function crashes', async () => {
    const origin = await startOrigin((_req, _body, res) => res.end('fine'));
    cleanups.push(() => origin.close());
    const crash = inlineFunction('viewer-request', (event) => {
      const { request } = event.Records[0].cf as { request: { uri: string } };
      if (request.uri === '/crash') throw new Error('handler crashed');
      return request;
    });
    const { server } = await serve(configWith({ url: origin.url }, { 'viewer-request': 'crash' }), {
      crash,
    });
    const crashed = await get(server, '/crash');
    expect(crashed.status).toBe(503);
    expect(crashed.header('x-cache')).toBe('LambdaExecutionError from cloudfront');
    const after = await get(server, '/ok');
    expect([after.status, after.body.toString()]).toEqual([200, 'fine']);
  });

  it('purges the cache on POST /__edge/purge', async () => {
    const origin = await startOrigin((_req, _body, res) => res.end('x'));
    cleanups.push(() => origin.close());
    const { server } = await serve(configWith({ url: origin.url }));
    await get(server, '/a');
    expect((await get(server, '/a')).header('x-cache')).toBe('Hit from cloudfront');
    const purge = await get(server, PURGE_PATH, { method: 'POST' });
    expect(JSON.parse(purge.body.toString())).toEqual({ purged: 1 });
    expect((await get(server, PURGE_PATH)).status).toBe(405);
    expect((await get(server, '/a')).header('x-cache')).toBe('Miss from cloudfront');
    expect(origin.requests).toBe(2);
  });

  it('returns a Lambda validation failure as CloudFront does', async () => {
    const { server } = await serve(
      configWith({ handler: () => ({ status: 200 }) }, { 'viewer-response': 'v' }),
      {
        v: failingFunction(
          'viewer-response',
          'LambdaValidationError',
          'status-changed',
          'The function changed the status.',
        ),
      },
    );
    const response = await get(server, '/');
    expect(response.status).toBe(502);
    expect(response.header('x-cache')).toBe('LambdaValidationError from cloudfront');
  });

  it('refuses to start on a port already in use, with the error', async () => {
    const { server } = await serve(configWith({ handler: () => ({ status: 200 }) }));
    const pipeline: Pipeline = createPipeline({
      config: configWith({ handler: () => ({ status: 200 }) }),
      functions: {},
    });
    await expect(startEdgeServer({ pipeline, port: server.port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});
