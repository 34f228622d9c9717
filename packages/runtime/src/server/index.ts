/**
 * The pipeline on a socket: a node:http server bound to loopback by default. Paths under
 * `/__edge/` are the dev server's own (control.ts: purge, and with a request store the
 * inspector's page, API and live stream); everything else goes to the pipeline. Closing ends the
 * live streams and waits for requests in flight.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestStore } from '../inspector/store.ts';
import type { NodeHandlerOptions, Pipeline } from '../pipeline/index.ts';
import { type ControlContext, handleControl, INSPECTOR_PATH, isControlPath } from './control.ts';
import { withErrorBanner } from './error-banner.ts';
import { ownHosts } from './guard.ts';

export { CONTROL_PREFIX, INSPECTOR_PATH, PURGE_PATH } from './control.ts';
export { BANNER_ID } from './error-banner.ts';
export { formatTrace, type TraceFormatOptions } from './format.ts';

export interface EdgeServerOptions {
  pipeline: Pick<Pipeline, 'handler' | 'purge'> & Partial<Pick<Pipeline, 'request'>>;
  /** `127.0.0.1` unless set. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Told when `POST /__edge/purge` removed objects from the cache. */
  onPurge?: (purged: number, paths?: string[]) => void;
  /**
   * The requests the inspector at `/__edge/` shows; fill it from the pipeline's `onTrace`
   * (`onTrace: store.record`). Without it the inspector's API answers 404.
   */
  inspector?: RequestStore;
  /**
   * CloudFront's own error pages get a small banner linking to the request in the inspector
   * (error-banner.ts). Default: on when `inspector` is given.
   */
  errorBanner?: boolean;
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
  const banner = options.errorBanner ?? options.inspector !== undefined;
  const pipelineOptions: NodeHandlerOptions | undefined = banner
    ? { replaceBody: (response) => withErrorBanner(response, INSPECTOR_PATH) }
    : undefined;
  const streams = new Set<ServerResponse>();
  const control: ControlContext = {
    pipeline,
    store: options.inspector,
    // Known once listening: the port may be picked by the system.
    own: new Set<string>(),
    onPurge: options.onPurge,
    streams,
  };
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    const path = (req.url ?? '').split('?')[0] as string;
    if (isControlPath(path)) handleControl(req, res, control);
    else pipeline.handler(req, res, pipelineOptions);
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
  control.own = ownHosts(host, port);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Live streams never end by themselves.
        for (const stream of streams) stream.end();
        server.closeIdleConnections();
      }),
  };
}
