/**
 * The inspector over HTTP: the page and its files, the JSON API, the live stream, replay and
 * purge, the error banner on CloudFront's pages, and the refusal of requests from other sites.
 */
import { request as httpRequest } from 'node:http';
import type { OriginRequestEvent } from '@edge-app/events';
import { afterEach, describe, expect, it } from 'vitest';
import type { EdgeConfig } from '../../src/config.ts';
import { RequestStore } from '../../src/inspector/store.ts';
import type { InspectedRequest, InspectedTrigger } from '../../src/inspector/types.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { BANNER_ID, type EdgeServer, PURGE_PATH, startEdgeServer } from '../../src/server/index.ts';
import {
  ALL_TRIGGERS,
  allMethods,
  type CountingFunction,
  configWith,
  failingFunction,
  fourPassThrough,
  inlineFunction,
  passThrough,
  recordingOrigin,
} from '../pipeline/helpers.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(
  config: EdgeConfig,
  functions: Record<string, CountingFunction> = {},
  options: { errorBanner?: boolean } = {},
) {
  const store = new RequestStore();
  const pipeline = createPipeline({
    config,
    functions,
    root: process.cwd(),
    onTrace: store.record,
  });
  const server = await startEdgeServer({ pipeline, inspector: store, ...options });
  cleanups.push(
    () => pipeline.close(),
    // Some tests close it themselves.
    () => server.close().catch(() => {}),
  );
  return { pipeline, server, store };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  json<T = unknown>(): T;
}

/** node:http, so that Host and Origin are exactly what the test sets. */
function send(
  server: EdgeServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      // `path` as it is: a URL would resolve `..` before sending.
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: body.toString('latin1'),
            json: () => JSON.parse(body.toString('utf8')),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const textOrigin = () =>
  recordingOrigin(() => ({
    status: 200,
    headers: { 'content-type': 'text/plain', 'x-from-origin': 'yes' },
    body: 'hello from the origin',
  }));

/** Adds Via, a read-only header in viewer-request: CloudFront's 502 [read-only-header]. */
const readOnlyViolation = () =>
  failingFunction(
    'viewer-request',
    'LambdaValidationError',
    'read-only-header',
    "The Lambda function result failed validation: The function tried to add, delete, or change a read-only header. It added 'Via'.",
  );

describe('the page', () => {
  it('serves its own files with a strict content security policy, and nothing else', async () => {
    const { server } = await serve(configWith(textOrigin().config));
    const page = await send(server, '/__edge/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<script type="module" src="app.js"></script>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    for (const [file, type] of [
      ['app.js', 'text/javascript'],
      ['detail.js', 'text/javascript'],
      ['trigger.js', 'text/javascript'],
      ['waterfall.js', 'text/javascript'],
      ['dom.js', 'text/javascript'],
      ['inspector.css', 'text/css'],
    ]) {
      const asset = await send(server, `/__edge/${file}`);
      expect(asset.status, file).toBe(200);
      expect(asset.headers['content-type']).toContain(type);
    }
    // No CDN, no other host: every script and stylesheet is one of the files above.
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect((await send(server, '/__edge/../package.json')).status).toBe(404);
    expect((await send(server, '/__edge/secret.js')).status).toBe(404);
    const bare = await send(server, '/__edge');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/__edge/');
  });
});

describe('the JSON API', () => {
  it('lists requests newest first with their triggers by CloudFront name, and one in full', async () => {
    const origin = textOrigin();
    const { server } = await serve(configWith(origin.config, ALL_TRIGGERS), fourPassThrough());
    await send(server, '/first');
    await send(server, '/second?x=1');
    const list = (await send(server, '/__edge/api/requests')).json<{
      requests: Array<{
        id: string;
        path: string;
        status: number;
        triggers: Array<{ name: string }>;
      }>;
    }>();
    expect(list.requests.map((r) => r.path)).toEqual(['/second', '/first']);
    expect(list.requests[0]?.status).toBe(200);
    expect(list.requests[0]?.triggers.map((t) => t.name)).toEqual([
      'viewer-request',
      'origin-request',
      'origin-response',
      'viewer-response',
    ]);
    const id = list.requests[0]?.id as string;
    const full = (
      await send(server, `/__edge/api/requests/${encodeURIComponent(id)}`)
    ).json<InspectedRequest>();
    expect(full.id).toBe(id);
    expect(full.url).toBe('/second?x=1');
    expect(full.cacheResult).toBe('Miss');
    expect(full.steps.map((s) => s.name)).toEqual([
      'viewer-request',
      'origin-request',
      'origin',
      'origin-response',
      'viewer-response',
    ]);
    // A waterfall: each step starts no earlier than the one before it.
    const starts = full.steps.map((s) => s.startMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const viewerRequest = full.steps[0] as InspectedTrigger;
    expect(viewerRequest.event?.Records[0].cf.request.uri).toBe('/second');
    expect(viewerRequest.result?.kind).toBe('request');
    expect(viewerRequest.memoryUsedMB).toBe(1);
    const originStep = full.steps[2];
    expect(originStep?.name === 'origin' && originStep.answer?.body.data).toBe(
      'hello from the origin',
    );
    expect(full.response?.status).toBe(200);
    expect(full.response?.headers).toContainEqual(['X-Cache', 'Miss from cloudfront']);
    expect(full.request.headers.some(([name]) => name.toLowerCase() === 'host')).toBe(true);
    const missing = await send(server, '/__edge/api/requests/nope');
    expect(missing.status).toBe(404);
    expect(missing.json<{ error: string }>().error).toBe('No request nope is kept.');
  });

  it('filters by path, status class and cache result', async () => {
    const origin = recordingOrigin((call) => ({
      status: call.url.startsWith('/missing') ? 404 : 200,
      body: 'x',
    }));
    const { server } = await serve(configWith(origin.config));
    await send(server, '/a');
    await send(server, '/a');
    await send(server, '/missing');
    const paths = async (query: string) =>
      (await send(server, `/__edge/api/requests?${query}`))
        .json<{ requests: Array<{ url: string; cacheResult: string }> }>()
        .requests.map((r) => `${r.url} ${r.cacheResult}`);
    expect(await paths('status=4xx')).toEqual(['/missing Error']);
    expect(await paths('status=200')).toEqual(['/a Hit', '/a Miss']);
    expect(await paths('cache=hit')).toEqual(['/a Hit']);
    expect(await paths('path=miss')).toEqual(['/missing Error']);
  });

  it('streams new requests and purges as Server-Sent Events, narrowed by the same filter', async () => {
    const { server } = await serve(configWith(textOrigin().config));
    const events: string[] = [];
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      httpRequest(`${server.url}/__edge/api/events?path=/wanted`, resolve)
        .on('error', reject)
        .end();
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => events.push(chunk));
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await send(server, '/other');
    await send(server, '/wanted');
    await send(server, PURGE_PATH, { method: 'POST' });
    await expect.poll(() => events.join('')).toContain('event: purge');
    const text = events.join('');
    expect(text).toMatch(/event: request\ndata: \{[^\n]*"path":"\/wanted"/);
    expect(text).not.toContain('"/other"');
    // Closing the server ends the stream rather than waiting on it forever.
    const ended = new Promise((resolve) => stream.on('end', resolve));
    await server.close();
    await ended;
  });
});

describe('replay and purge', () => {
  it('replays a request through the pipeline: the functions run again, the new entry says what it repeats', async () => {
    const functions = fourPassThrough();
    const origin = textOrigin();
    const { server } = await serve(
      configWith(
        origin.config,
        ALL_TRIGGERS,
        {},
        { cache: { defaultTTL: 0, queryStrings: 'all' } },
      ),
      functions,
    );
    await send(server, '/page?q=1', { headers: { 'X-Test': 'kept' } });
    const [first] = (await send(server, '/__edge/api/requests')).json<{
      requests: Array<{ id: string }>;
    }>().requests;
    const replayed = await send(server, `/__edge/api/requests/${first?.id}/replay`, {
      method: 'POST',
    });
    expect(replayed.status).toBe(200);
    const { id, replayOf, status } = replayed.json<{
      id: string;
      replayOf: string;
      status: number;
    }>();
    expect(replayOf).toBe(first?.id);
    expect(status).toBe(200);
    expect(id).not.toBe(first?.id);
    expect(functions.vreq.calls).toHaveLength(2);
    expect(origin.calls).toHaveLength(2);
    expect(origin.calls[1]?.url).toBe('/page?q=1');
    const again = (await send(server, `/__edge/api/requests/${id}`)).json<InspectedRequest>();
    expect(again.replayOf).toBe(first?.id);
    expect(again.request.headers).toContainEqual(['X-Test', 'kept']);
  });

  it('replays a body a function received whole, and refuses one that was not kept', async () => {
    const origin = recordingOrigin(() => ({ status: 200, body: 'ok' }));
    const withBody = { ...allMethods, cache: { defaultTTL: 0 } };
    const included = await serve(
      configWith(
        origin.config,
        { 'viewer-request': { function: 'vreq', includeBody: true } },
        {},
        withBody,
      ),
      { vreq: passThrough('viewer-request') },
    );
    await send(included.server, '/form', { method: 'POST', body: 'name=edge' });
    const [posted] = included.store.list();
    const replayed = await send(included.server, `/__edge/api/requests/${posted?.id}/replay`, {
      method: 'POST',
    });
    expect(replayed.status).toBe(200);
    expect(Buffer.from(origin.calls[1]?.body ?? []).toString()).toBe('name=edge');

    const streamed = await serve(configWith(origin.config, {}, {}, withBody));
    await send(streamed.server, '/upload', { method: 'POST', body: 'not kept' });
    const [upload] = streamed.store.list();
    const refused = await send(streamed.server, `/__edge/api/requests/${upload?.id}/replay`, {
      method: 'POST',
    });
    expect(refused.status).toBe(409);
    expect(refused.json<{ error: string }>().error).toContain('streamed on to the origin');
  });

  it('purges from the page: the same origin may POST /__edge/purge', async () => {
    const origin = textOrigin();
    const { server } = await serve(configWith(origin.config));
    await send(server, '/a');
    const purge = await send(server, `${PURGE_PATH}?path=/a`, {
      method: 'POST',
      headers: { Origin: server.url },
    });
    expect(purge.status).toBe(200);
    expect(purge.json()).toEqual({ purged: 1, paths: ['/a'] });
  });
});

describe('requests from elsewhere', () => {
  it('refuses a purge from another web page with 403, and the cache keeps its objects', async () => {
    const origin = textOrigin();
    const { server, pipeline } = await serve(configWith(origin.config));
    await send(server, '/a');
    const refused = await send(server, PURGE_PATH, {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(403);
    const { error, fix } = refused.json<{ error: string; fix: string }>();
    expect(error).toContain('https://evil.example');
    expect(fix).toContain('/__edge/');
    expect(pipeline.stats.cacheEntries).toBe(1);
    // Another local server's page is another site too.
    const otherPort = await send(server, PURGE_PATH, {
      method: 'POST',
      headers: { Origin: 'http://127.0.0.1:1' },
    });
    expect(otherPort.status).toBe(403);
    expect(
      (await send(server, PURGE_PATH, { method: 'POST', headers: { Origin: 'null' } })).status,
    ).toBe(403);
  });

  it('refuses a Host that is not this server (DNS rebinding), for the API and the page alike', async () => {
    const { server } = await serve(configWith(textOrigin().config));
    for (const path of ['/__edge/api/requests', '/__edge/', PURGE_PATH]) {
      const rebound = await send(server, path, {
        method: path === PURGE_PATH ? 'POST' : 'GET',
        headers: { Host: `attacker.example:${server.port}` },
      });
      expect(rebound.status, path).toBe(403);
      expect(rebound.json<{ error: string }>().error).toContain('attacker.example');
    }
    // The pipeline itself answers any Host, as CloudFront does.
    expect((await send(server, '/', { headers: { Host: 'attacker.example' } })).status).toBe(200);
  });

  it("accepts the server's own names: 127.0.0.1, localhost, and curl without an Origin", async () => {
    const { server } = await serve(configWith(textOrigin().config));
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      const answer = await send(server, '/__edge/api/requests', {
        headers: { Host: host, Origin: `http://${host}` },
      });
      expect(answer.status, host).toBe(200);
    }
    expect((await send(server, '/__edge/api/requests')).status).toBe(200);
  });
});

describe("the banner on CloudFront's error pages", () => {
  const failing = () =>
    serve(configWith(textOrigin().config, { 'viewer-request': 'vreq' }), {
      vreq: readOnlyViolation(),
    });

  it("keeps CloudFront's status, headers and page, adding one element that links to the request", async () => {
    const { server, store } = await failing();
    const answer = await send(server, '/broken');
    expect(answer.status).toBe(502);
    expect(answer.headers['x-cache']).toBe('LambdaValidationError from cloudfront');
    expect(Number(answer.headers['content-length'])).toBe(answer.body.byteLength);
    const [entry] = store.list();
    const banner = new RegExp(`<DIV id="${BANNER_ID}"[^\\n]*</DIV>\\n`);
    expect(answer.text).toMatch(banner);
    expect(answer.text).toContain(
      `href="/__edge/#/requests/${encodeURIComponent(entry?.id ?? '')}"`,
    );
    expect(answer.text).toContain('[read-only-header]');
    // Without the banner, the page is exactly what the pipeline answered (CloudFront's page).
    const kept = store.get(entry?.id ?? '')?.response?.body.data;
    expect(answer.text.replace(banner, '')).toBe(kept);
    expect(kept).toContain('<H1>502 ERROR</H1>');
  });

  it('is left out with errorBanner: false (edge dev --exact-errors)', async () => {
    const { server, store } = await serve(
      configWith(textOrigin().config, { 'viewer-request': 'vreq' }),
      { vreq: readOnlyViolation() },
      { errorBanner: false },
    );
    const answer = await send(server, '/broken');
    expect(answer.status).toBe(502);
    expect(answer.text).not.toContain(BANNER_ID);
    expect(answer.text).toBe(store.get(store.list()[0]?.id ?? '')?.response?.body.data);
  });

  it("is never put on a page the origin or a function wrote, nor on a HEAD's empty body", async () => {
    const origin = recordingOrigin(() => ({
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: '<html><body>not here</body></html>',
    }));
    const generated = inlineFunction('viewer-request', (event) =>
      event.Records[0].cf.request.uri === '/deny'
        ? { status: '403', headers: {}, body: '</BODY></HTML>' }
        : event.Records[0].cf.request,
    );
    const { server } = await serve(configWith(origin.config, { 'viewer-request': 'vreq' }), {
      vreq: generated,
    });
    const fromOrigin = await send(server, '/nope');
    expect(fromOrigin.status).toBe(404);
    expect(fromOrigin.text).toBe('<html><body>not here</body></html>');
    const fromFunction = await send(server, '/deny');
    expect(fromFunction.status).toBe(403);
    expect(fromFunction.text).toBe('</BODY></HTML>');
    const broken = await serve(configWith(textOrigin().config, { 'viewer-request': 'vreq' }), {
      vreq: readOnlyViolation(),
    });
    const head = await send(broken.server, '/broken', { method: 'HEAD' });
    expect(head.status).toBe(502);
    expect(head.body.byteLength).toBe(0);
  });
});

describe('what a trigger changed', () => {
  it('records the event received and the result returned, and lists the changes', async () => {
    const rewrite = inlineFunction('origin-request', (event) => {
      // A copy, as a real container's handler gets one (the event is sent to it as JSON).
      const { request } = structuredClone(event as OriginRequestEvent).Records[0].cf;
      request.uri = '/rewritten';
      request.headers['x-added'] = [{ key: 'X-Added', value: 'yes' }];
      return request;
    });
    const { server, store } = await serve(
      configWith(textOrigin().config, { 'origin-request': 'oreq' }),
      { oreq: rewrite },
    );
    await send(server, '/original');
    const entry = store.get(store.list()[0]?.id ?? '') as InspectedRequest;
    const trigger = entry.steps.find((s) => s.name === 'origin-request') as InspectedTrigger;
    expect(trigger.event?.Records[0].cf.request.uri).toBe('/original');
    expect(trigger.changes).toEqual([
      { field: 'uri', before: '/original', after: '/rewritten' },
      { field: 'header x-added', after: 'yes' },
    ]);
  });
});
