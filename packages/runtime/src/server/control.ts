/**
 * `/__edge/*`: the dev server's own endpoints, never passed to the pipeline. Each request is
 * first checked to come from this server's pages or the developer's tools (guard.ts), then:
 *
 *   POST /__edge/purge                         empty the cache, or invalidate `?path=` / `{ "paths": [...] }`
 *   GET  /__edge/                              the inspector's page (and its .js/.css files)
 *   GET  /__edge/api/requests                  the requests kept, newest first (`?path=&status=&cache=`)
 *   GET  /__edge/api/requests/<id>             one request in full
 *   POST /__edge/api/requests/<id>/replay      sends that request through the pipeline again
 *   GET  /__edge/api/events                    new requests and purges as Server-Sent Events
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pageFile } from '../inspector/page-files.ts';
import { type ControlContext, sendJson } from './control-context.ts';
import { foreignRequest } from './guard.ts';
import { inspectorApi } from './inspector-api.ts';

export type { ControlContext };

export const CONTROL_PREFIX = '/__edge';
export const PURGE_PATH = `${CONTROL_PREFIX}/purge`;
export const INSPECTOR_PATH = `${CONTROL_PREFIX}/`;

export function isControlPath(path: string): boolean {
  return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

export function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ControlContext,
): void {
  const path = (req.url ?? '/').split('?')[0] as string;
  const foreign = foreignRequest(req, ctx.own);
  if (foreign) {
    sendJson(res, 403, {
      error: `Refused: ${CONTROL_PREFIX}/ answers only this dev server's own pages and local tools, and this request ${foreign}.`,
      fix: `Open the inspector at its own address (http://127.0.0.1:<port>${INSPECTOR_PATH}, or localhost), and call ${CONTROL_PREFIX}/ endpoints from curl or a script without an Origin header.`,
    });
    return;
  }
  if (path === PURGE_PATH) {
    void purge(req, res, ctx);
    return;
  }
  if (path.startsWith(`${CONTROL_PREFIX}/api/`)) {
    if (!ctx.store) {
      sendJson(res, 404, {
        error: 'The request inspector is off on this server.',
        fix: 'It runs under `edge dev` (`pnpm dev`).',
      });
      return;
    }
    inspectorApi(req, res, path.slice(`${CONTROL_PREFIX}/api/`.length), {
      ...ctx,
      store: ctx.store,
    });
    return;
  }
  servePage(req, res, path);
}

function servePage(req: IncomingMessage, res: ServerResponse, path: string): void {
  if (path === CONTROL_PREFIX) {
    res.writeHead(301, { Location: INSPECTOR_PATH });
    res.end();
    return;
  }
  const name = path.slice(INSPECTOR_PATH.length) || 'index.html';
  const file = pageFile(name);
  if (!file) {
    sendJson(res, 404, {
      error: `Nothing at ${path}.`,
      fix: `The inspector is at ${INSPECTOR_PATH}; its data at ${CONTROL_PREFIX}/api/requests.`,
    });
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: `Use GET ${path}.` }, { Allow: 'GET, HEAD' });
    return;
  }
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': String(file.body.byteLength),
    'Cache-Control': 'no-cache',
    // Its own files only: nothing the page shows (request data) can run as code.
    'Content-Security-Policy':
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

/** `POST /__edge/purge`: an invalidation of the paths given, or of everything. */
async function purge(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ControlContext,
): Promise<void> {
  if (req.method !== 'POST') {
    sendJson(res, 405, { error: `Use POST ${PURGE_PATH} to empty the cache.` }, { Allow: 'POST' });
    return;
  }
  try {
    const paths = await requestedPaths(req);
    const purged = ctx.pipeline.purge(paths);
    ctx.onPurge?.(purged, paths);
    ctx.store?.notePurge(purged, paths);
    sendJson(res, 200, paths ? { purged, paths } : { purged });
  } catch (error) {
    const { message, hint } = error as Error & { hint?: string };
    sendJson(res, 400, { error: message, ...(hint ? { fix: hint } : {}) });
  }
}

async function requestedPaths(req: IncomingMessage): Promise<string[] | undefined> {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.getAll('path');
  const text = (await readSmallBody(req, 'purge')).trim();
  if (!text) return query.length > 0 ? query : undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('The purge request body is not JSON; send { "paths": ["/a", "/img/*"] }.');
  }
  const paths = (parsed as { paths?: unknown }).paths;
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
    throw new Error('The purge request body needs "paths": a list of paths such as "/img/*".');
  }
  return [...query, ...paths];
}

/** A control request's body, at most 64 KB. */
export async function readSmallBody(req: IncomingMessage, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > 64 * 1024) throw new Error(`The ${what} request body is over 64 KB.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
