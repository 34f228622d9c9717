/**
 * The dev server on a socket: bodies stream (a 200 MB upload never sits in memory), CloudFront's
 * size limits apply instead of Node's (docs/cloudfront-rules.md#request-size-limits), and the
 * purge endpoint invalidates by path (docs/cloudfront-rules.md#invalidation).
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import type { ViewerRequestEvent } from '@edge-app/events';
import { afterEach, describe, expect, it } from 'vitest';
import type { EdgeConfig } from '../../src/config.ts';
import type { createPipeline } from '../../src/pipeline/index.ts';
import { type EdgeServer, PURGE_PATH } from '../../src/server/index.ts';
import { allMethods, configWith, inlineFunction } from '../pipeline/helpers.ts';
import { serveConfig, startOrigin } from './helpers.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(
  config: EdgeConfig,
  functions: Parameters<typeof createPipeline>[0]['functions'] = {},
) {
  return serveConfig(config, functions, cleanups);
}

function send(
  server: EdgeServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Readable | string } = {},
): Promise<{
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.body instanceof Readable) options.body.pipe(req);
    else req.end(options.body);
  });
}

/** `total` bytes in 64 KB chunks, made as they are read. */
function generated(total: number): Readable {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(chunk.byteLength, total - sent);
      sent += size;
      this.push(size === chunk.byteLength ? chunk : chunk.subarray(0, size));
    },
  });
}

describe('request bodies stream', () => {
  it('sends a 200 MB POST to the origin without holding it: the server’s RSS stays bounded', async () => {
    const TOTAL = 200 * 1024 * 1024;
    let received = 0;
    const origin = await startOrigin((_req, _body, res) => res.end(`got ${received}`));
    // Count the bytes as they arrive instead of letting the helper buffer them.
    origin.server.removeAllListeners('request');
    origin.server.on('request', (req, res) => {
      req.on('data', (chunk: Buffer) => {
        received += chunk.byteLength;
      });
      req.on('end', () => res.end(`got ${received}`));
    });
    cleanups.push(() => origin.close());
    let exposed = 0;
    const inspect = inlineFunction('viewer-request', (event) => {
      const { request } = (event as ViewerRequestEvent).Records[0].cf;
      exposed = Buffer.from(request.body?.data ?? '', 'base64').byteLength;
      return request;
    });
    const { server } = await serve(
      configWith(
        { url: origin.url },
        { 'viewer-request': { function: 'inspect', includeBody: true } },
        {},
        {
          cachePolicy: 'CachingDisabled',
          ...allMethods,
        },
      ),
      { inspect },
    );
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const response = await send(server, '/upload', {
      method: 'POST',
      headers: { 'Content-Length': String(TOTAL), 'Content-Type': 'application/octet-stream' },
      body: generated(TOTAL),
    });
    clearInterval(sampler);
    expect([response.status, response.body]).toEqual([200, `got ${TOTAL}`]);
    // IncludeBody saw the first 40 KB only (docs/cloudfront-rules.md#request-body).
    expect(exposed).toBe(40 * 1024);
    // The client, the dev server and the origin share this process; a buffered body alone
    // would add 200 MB (twice that once concatenated).
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  }, 120_000);
});

describe('CloudFront’s limits, not Node’s', () => {
  it('passes an 18 KB header block to the pipeline, where Node alone would answer 431', async () => {
    let seen = 0;
    const measure = inlineFunction('viewer-request', (event) => {
      const { request } = (event as ViewerRequestEvent).Records[0].cf;
      seen = request.headers['x-big']?.[0]?.value.length ?? 0;
      return request;
    });
    const { server } = await serve(
      configWith({ handler: () => ({ status: 200, body: 'ok' }) }, { 'viewer-request': 'measure' }),
      {
        measure,
      },
    );
    const response = await send(server, '/', { headers: { 'x-big': 'v'.repeat(18 * 1024) } });
    expect([response.status, seen]).toEqual([200, 18 * 1024]);
  });

  it('answers 413 and closes the connection for 40 KB of headers and for a 9,000-byte URL', async () => {
    const { server } = await serve(configWith({ handler: () => ({ status: 200 }) }));
    const big = await send(server, '/', { headers: { 'x-big': 'v'.repeat(40 * 1024) } });
    expect([big.status, big.headers.connection]).toEqual([413, 'close']);
    const long = await send(server, `/${'a'.repeat(9000)}`);
    expect(long.status).toBe(413);
  });

  it('closes the socket after the 413', async () => {
    const { server } = await serve(configWith({ handler: () => ({ status: 200 }) }));
    const { port } = server.server.address() as AddressInfo;
    const closed = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      });
      socket.resume();
      socket.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 5_000);
    });
    expect(closed).toBe(true);
  });
});

describe('POST /__edge/purge', () => {
  it('invalidates the paths given, or everything, and refuses a bad path with 400', async () => {
    const origin = await startOrigin((_req, _body, res) => res.end('x'));
    cleanups.push(() => origin.close());
    const { server } = await serve(configWith({ url: origin.url }));
    for (const path of ['/a', '/img/1', '/img/2']) await send(server, path);
    const byQuery = await send(server, `${PURGE_PATH}?path=/a`, { method: 'POST' });
    expect(JSON.parse(byQuery.body)).toEqual({ purged: 1, paths: ['/a'] });
    const byBody = await send(server, PURGE_PATH, {
      method: 'POST',
      body: JSON.stringify({ paths: ['/img/*'] }),
    });
    expect(JSON.parse(byBody.body)).toEqual({ purged: 2, paths: ['/img/*'] });
    const bad = await send(server, `${PURGE_PATH}?path=img`, { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/does not start with "\/"/);
    await send(server, '/a');
    expect(JSON.parse((await send(server, PURGE_PATH, { method: 'POST' })).body)).toEqual({
      purged: 1,
    });
  });
});
