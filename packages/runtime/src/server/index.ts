/**
 * The pipeline on a socket: a node:http server bound to loopback by default, plus the dev
 * control endpoint `POST /__edge/purge` (everything, or the invalidation paths given as
 * `?path=/a&path=/img/*` or a JSON body `{ "paths": [...] }`). Closing waits for requests in
 * flight.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pipeline } from '../pipeline/index.ts';

export { formatTrace, type TraceFormatOptions } from './format.ts';

export const PURGE_PATH = '/__edge/purge';

export interface EdgeServerOptions {
  pipeline: Pick<Pipeline, 'handler' | 'purge'>;
  /** `127.0.0.1` unless set. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Told when `POST /__edge/purge` removed objects from the cache. */
  onPurge?: (purged: number, paths?: string[]) => void;
}

export interface EdgeServer {
  url: string;
  host: string;
  port: number;
  server: Server;
  /** Stops accepting connections and resolves once requests in flight have been answered. */
  close(): Promise<void>;
}

/**
 * Node's own limit on a request's header block (16 KB) is below CloudFront's; the server accepts
 * this much and the pipeline answers CloudFront's 413 at CloudFront's limit
 * (docs/cloudfront-rules.md#request-size-limits).
 */
const MAX_HEADER_BYTES = 64 * 1024;

export async function startEdgeServer(options: EdgeServerOptions): Promise<EdgeServer> {
  const host = options.host ?? '127.0.0.1';
  const { pipeline } = options;
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === PURGE_PATH) {
      void purge(req, res, options);
      return;
    }
    pipeline.handler(req, res);
  });
  // Keep-alive sockets must not hold close() open once their last response is sent.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port ?? 0, host);
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

/** `POST /__edge/purge`: an invalidation of the paths given, or of everything. */
async function purge(
  req: IncomingMessage,
  res: ServerResponse,
  options: EdgeServerOptions,
): Promise<void> {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(`${JSON.stringify(body)}\n`);
  };
  if (req.method !== 'POST') {
    answer(405, { error: `Use POST ${PURGE_PATH} to empty the cache.` }, { Allow: 'POST' });
    return;
  }
  try {
    const paths = await requestedPaths(req);
    const purged = options.pipeline.purge(paths);
    options.onPurge?.(purged, paths);
    answer(200, paths ? { purged, paths } : { purged });
  } catch (error) {
    const { message, hint } = error as Error & { hint?: string };
    answer(400, { error: message, ...(hint ? { fix: hint } : {}) });
  }
}

async function requestedPaths(req: IncomingMessage): Promise<string[] | undefined> {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.getAll('path');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > 64 * 1024) throw new Error('The purge request body is over 64 KB.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
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
