/**
 * The `{ url }` origin client on its own: what reaches the origin, what comes back, and how
 * each way of failing is reported.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequestBody } from '../../src/pipeline/body.ts';
import type { OriginFetchRequest } from '../../src/pipeline/origins/types.ts';
import { createUrlOrigin } from '../../src/pipeline/origins/url.ts';
import { binaryPayload, closedPort, startOrigin } from '../server/helpers.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function request(overrides: Partial<OriginFetchRequest> = {}): OriginFetchRequest {
  return {
    method: 'GET',
    uri: '/item',
    querystring: '',
    headers: { host: [{ key: 'Host', value: 'origin.example' }] },
    body: RequestBody.fromBytes(new Uint8Array(0)),
    ...overrides,
  };
}

async function origin(handle: Parameters<typeof startOrigin>[0]) {
  const started = await startOrigin(handle);
  cleanups.push(() => started.close());
  return started;
}

function client(url: string, timeoutMs?: number) {
  const created = createUrlOrigin({ url, timeoutMs });
  cleanups.push(() => created.close?.());
  return created;
}

describe('a URL origin', () => {
  it('keeps the origin’s spelling of header names and every repeated line, hop-by-hop ones dropped', async () => {
    const server = await origin((_req, _body, res) => {
      res.writeHead(
        201,
        'Made It',
        [
          ['X-CamelCase-Header', 'one'],
          ['set-cookie', 'a=1'],
          ['Set-Cookie', 'b=2'],
          ['Keep-Alive', 'timeout=5'],
        ].flat(),
      );
      res.end('created');
    });
    const result = await client(server.url).fetch(request());
    if (!result.ok) throw new Error(result.failure.message);
    expect(result.response.status).toBe(201);
    expect(result.response.statusDescription).toBe('Made It');
    expect(result.response.headers['x-camelcase-header']).toEqual([
      { key: 'X-CamelCase-Header', value: 'one' },
    ]);
    expect(result.response.headers['set-cookie']).toEqual([
      { key: 'set-cookie', value: 'a=1' },
      { key: 'Set-Cookie', value: 'b=2' },
    ]);
    expect(result.response.headers['keep-alive']).toBeUndefined();
    expect(Buffer.from(result.response.body).toString()).toBe('created');
  });

  it('sends the path under the origin’s own path, the query, the headers and a binary body', async () => {
    let seen: { url?: string; headers?: Record<string, unknown>; body?: Buffer } = {};
    const server = await origin((req, body, res) => {
      seen = { url: req.url, headers: req.headers, body };
      res.end();
    });
    const payload = binaryPayload(70_000);
    const result = await client(`${server.url}/base/`).fetch(
      request({
        method: 'PUT',
        uri: '/a%20b',
        querystring: 'x=1&y=%20',
        headers: {
          host: [{ key: 'Host', value: 'origin.example' }],
          'x-multi': [
            { key: 'X-Multi', value: 'one' },
            { key: 'X-Multi', value: 'two' },
          ],
          // A viewer's framing headers describe its own connection, not this one.
          'content-length': [{ key: 'Content-Length', value: '3' }],
          expect: [{ key: 'Expect', value: '100-continue' }],
          connection: [{ key: 'Connection', value: 'close' }],
        },
        body: RequestBody.fromBytes(payload),
      }),
    );
    expect(result.ok).toBe(true);
    expect(seen.url).toBe('/base/a%20b?x=1&y=%20');
    expect(seen.headers?.host).toBe('origin.example');
    expect(seen.headers?.['x-multi']).toBe('one, two');
    expect(seen.headers?.['content-length']).toBe(String(payload.byteLength));
    expect(seen.headers?.expect).toBeUndefined();
    expect(Buffer.compare(seen.body!, payload)).toBe(0);
  });

  it('reports a refused connection as 502 with the system’s code', async () => {
    const port = await closedPort();
    const result = await client(`http://127.0.0.1:${port}`).fetch(request());
    expect(result).toMatchObject({
      ok: false,
      failure: { status: 502, message: expect.stringContaining('ECONNREFUSED') },
    });
  });

  it('reports a connection closed in the middle of the body as 502', async () => {
    const server = await origin((_req, _body, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('only part of it');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const result = await client(server.url).fetch(request());
    expect(result).toMatchObject({
      ok: false,
      failure: {
        status: 502,
        message: expect.stringContaining('before the response was complete'),
      },
    });
  });

  it('gives up after its timeout with 504, and a later request still gets through', async () => {
    let answer = false;
    const server = await origin((_req, _body, res) => {
      if (answer) res.end('late but fine');
      // Otherwise never answers; closing the origin ends the socket.
    });
    const slow = client(server.url, 150);
    const started = performance.now();
    const timedOut = await slow.fetch(request());
    expect(timedOut).toMatchObject({ ok: false, failure: { status: 504 } });
    expect(performance.now() - started).toBeLessThan(5_000);
    answer = true;
    const next = await slow.fetch(request());
    expect(next.ok && Buffer.from(next.response.body).toString()).toBe('late but fine');
  });

  it('answers again after close(), on new connections', async () => {
    const server = await origin((_req, _body, res) => res.end('up'));
    const reused = client(server.url);
    expect((await reused.fetch(request())).ok).toBe(true);
    reused.close?.();
    const after = await reused.fetch(request());
    expect(after.ok && Buffer.from(after.response.body).toString()).toBe('up');
  });

  it('answers 502 with the fix when undici cannot be loaded, and loads it again next time', async () => {
    const server = await origin((_req, _body, res) => res.end('up'));
    vi.resetModules();
    vi.doMock('undici', () => {
      throw new Error("Cannot find package 'undici'");
    });
    try {
      const { createUrlOrigin: withoutUndici } = await import('../../src/pipeline/origins/url.ts');
      const broken = withoutUndici({ url: server.url });
      cleanups.push(() => broken.close?.());
      const result = await broken.fetch(request());
      expect(result).toMatchObject({
        ok: false,
        failure: {
          status: 502,
          message: expect.stringContaining(
            // vitest replaces the factory's error with a message of its own.
            'the undici package, which URL origins use, did not load (',
          ),
          fix: expect.stringContaining('pnpm install'),
        },
      });
      vi.doUnmock('undici');
      const retried = await broken.fetch(request());
      expect(retried.ok && Buffer.from(retried.response.body).toString()).toBe('up');
    } finally {
      vi.doUnmock('undici');
      vi.resetModules();
    }
  });
});
