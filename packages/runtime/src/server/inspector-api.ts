/**
 * The inspector's JSON API and live stream, under `/__edge/api/` (see control.ts for the list).
 * Live updates are Server-Sent Events: a new request reaches an open page the moment it is
 * answered, an idle page costs nothing (polling would fetch the list again and again for a
 * page left open all day), and the browser's EventSource reconnects by itself when `pnpm dev`
 * restarts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestFilter, RequestStore, StoreEvent } from '../inspector/store.ts';
import { matches } from '../inspector/store.ts';
import type { InspectedRequest } from '../inspector/types.ts';
import { type ControlContext, sendJson } from './control-context.ts';

type ApiContext = ControlContext & { store: RequestStore };

/** `route` is the path after `/__edge/api/`. */
export function inspectorApi(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  ctx: ApiContext,
): void {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const [collection, id, action, ...rest] = route.split('/');
  const method = req.method ?? 'GET';
  const entry = collection === 'requests' && id ? ctx.store.get(decodeURIComponent(id)) : undefined;
  if (collection === 'events' && id === undefined) {
    if (method === 'GET') openStream(res, ctx, filterOf(query));
    else wrongMethod(res, 'GET');
  } else if (collection !== 'requests' || rest.length > 0) {
    notFound(res, route);
  } else if (!id) {
    if (method === 'GET') {
      sendJson(res, 200, {
        requests: ctx.store.list(filterOf(query)),
        kept: { max: ctx.store.maxRequests, stringLimit: ctx.store.stringLimit },
      });
    } else wrongMethod(res, 'GET');
  } else if (!entry) {
    notKept(res, ctx.store, id);
  } else if (action === undefined) {
    if (method === 'GET') sendJson(res, 200, entry);
    else wrongMethod(res, 'GET');
  } else if (action === 'replay') {
    if (method === 'POST') void replay(res, entry, ctx);
    else wrongMethod(res, 'POST');
  } else {
    notFound(res, route);
  }
}

function notFound(res: ServerResponse, route: string): void {
  sendJson(res, 404, {
    error: `Nothing at /__edge/api/${route}.`,
    fix: 'Use /__edge/api/requests, /__edge/api/requests/<id>, POST /__edge/api/requests/<id>/replay or /__edge/api/events.',
  });
}

function filterOf(query: URLSearchParams): RequestFilter {
  const filter: RequestFilter = {};
  for (const key of ['path', 'status', 'cache'] as const) {
    const value = query.get(key);
    if (value) filter[key] = value;
  }
  return filter;
}

function wrongMethod(res: ServerResponse, allowed: string): void {
  sendJson(res, 405, { error: `Use ${allowed} here.` }, { Allow: allowed });
}

function notKept(res: ServerResponse, store: RequestStore, id: string): void {
  sendJson(res, 404, {
    error: `No request ${id} is kept.`,
    fix: `The inspector keeps the last ${store.maxRequests} requests of this dev server; send the request again.`,
  });
}

function openStream(res: ServerResponse, ctx: ApiContext, filter: RequestFilter): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  // Reconnect a second after the server went away (a restart of `pnpm dev`).
  res.write('retry: 1000\n\n');
  const send = (event: StoreEvent) => {
    if (event.kind === 'request') {
      if (!matches(event.request, filter)) return;
      res.write(`event: request\ndata: ${JSON.stringify(event.request)}\n\n`);
    } else {
      const { kind: _, ...data } = event;
      res.write(`event: purge\ndata: ${JSON.stringify(data)}\n\n`);
    }
  };
  const unsubscribe = ctx.store.subscribe(send);
  ctx.streams.add(res);
  res.once('close', () => {
    unsubscribe();
    ctx.streams.delete(res);
  });
}

/** Sends the request through the pipeline again: same method, URL, headers, viewer and body. */
async function replay(
  res: ServerResponse,
  entry: InspectedRequest,
  ctx: ApiContext,
): Promise<void> {
  const { request } = ctx.pipeline;
  if (!request) {
    sendJson(res, 501, { error: 'This server cannot send requests through its pipeline again.' });
    return;
  }
  const body = replayBody(entry);
  if (body === false) {
    sendJson(res, 409, {
      error: `${entry.method} ${entry.url} had a body, which streamed on to the origin and was not kept.`,
      fix: 'Send it again with curl or your client. (A body a function received through IncludeBody, whole, is kept and replayed.)',
    });
    return;
  }
  try {
    const response = await request(entry.url, {
      method: entry.method,
      headers: entry.request.headers,
      clientIp: entry.request.clientIp,
      protocol: entry.request.protocol,
      httpVersion: entry.request.httpVersion,
      ...(body ? { body } : {}),
    });
    const id = response.trace.requestId;
    ctx.store.markReplay(id, entry.id);
    sendJson(res, 200, {
      id,
      replayOf: entry.id,
      status: response.status,
      cacheResult: response.cacheResult,
    });
  } catch (error) {
    sendJson(res, 500, {
      error: `The replay failed: ${(error as Error)?.message ?? String(error)}`,
    });
  }
}

/**
 * The viewer's body as the first trigger that received one saw it (IncludeBody exposes the
 * viewer's body unchanged to the first function that sees it), or undefined when there was none;
 * false when there was one and it is not known whole.
 */
function replayBody(entry: InspectedRequest): Uint8Array | undefined | false {
  if (!entry.request.hasBody) return undefined;
  for (const step of entry.steps) {
    if (step.name === 'origin' || !step.event) continue;
    const body = (
      step.event.Records[0].cf.request as {
        body?: { data: string; encoding: string; inputTruncated: boolean };
      }
    ).body;
    if (!body) continue;
    const cut =
      body.inputTruncated ||
      entry.truncated.some(
        (where) => where.startsWith(`${step.name} `) && where.endsWith(' event'),
      );
    if (cut) return false;
    return Buffer.from(body.data, body.encoding === 'base64' ? 'base64' : 'utf8');
  }
  return false;
}
