/** What the `/__edge/*` handlers share: the server's parts they act on, and the JSON reply. */
import type { ServerResponse } from 'node:http';
import type { RequestStore } from '../inspector/store.ts';
import type { Pipeline } from '../pipeline/index.ts';
import type { OwnHosts } from './guard.ts';

export interface ControlContext {
  pipeline: Pick<Pipeline, 'purge'> & Partial<Pick<Pipeline, 'request'>>;
  store: RequestStore | undefined;
  own: OwnHosts;
  /** Told when `POST /__edge/purge` removed objects from the cache. */
  onPurge: ((purged: number, paths?: string[]) => void) | undefined;
  /** Open event streams, ended when the server closes. */
  streams: Set<ServerResponse>;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(`${JSON.stringify(body)}\n`);
}
