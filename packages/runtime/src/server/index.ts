/**
 * The pipeline on a socket: a node:http server bound to loopback by default, plus the dev
 * control endpoint `POST /__edge/purge`. Closing waits for requests in flight.
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
  /** Told when `POST /__edge/purge` emptied the cache. */
  onPurge?: (purged: number) => void;
}

export interface EdgeServer {
  url: string;
  host: string;
  port: number;
  server: Server;
  /** Stops accepting connections and resolves once requests in flight have been answered. */
  close(): Promise<void>;
}

export async function startEdgeServer(options: EdgeServerOptions): Promise<EdgeServer> {
  const host = options.host ?? '127.0.0.1';
  const { pipeline } = options;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === PURGE_PATH) {
      if (req.method !== 'POST') {
        res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' });
        res.end(`Use POST ${PURGE_PATH} to empty the cache.\n`);
        return;
      }
      const purged = pipeline.purge();
      options.onPurge?.(purged);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`${JSON.stringify({ purged })}\n`);
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
