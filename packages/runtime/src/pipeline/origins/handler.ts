/** A `{ handler }` origin: an in-process function, for tests and mocks. */
import { STATUS_CODES } from 'node:http';
import type { HandlerOrigin } from '../../config.ts';
import { isHopByHop, normalizePairs, toHeaderMap, toHeaderPairs } from '../headers.ts';
import type { OriginClient, OriginResult } from './types.ts';

export function createHandlerOrigin(config: HandlerOrigin, name: string): OriginClient {
  return {
    async fetch(request): Promise<OriginResult> {
      const url = `${request.uri}${request.querystring ? `?${request.querystring}` : ''}`;
      const headers: Record<string, string | string[]> = {};
      for (const [key, value] of toHeaderPairs(request.headers)) {
        const lower = key.toLowerCase();
        const existing = headers[lower];
        if (existing === undefined) headers[lower] = value;
        else headers[lower] = Array.isArray(existing) ? [...existing, value] : [existing, value];
      }
      try {
        const response = await config.handler({
          method: request.method,
          url,
          headers,
          body: request.body,
        });
        const body =
          typeof response.body === 'string'
            ? Buffer.from(response.body)
            : (response.body ?? new Uint8Array());
        const pairs = normalizePairs(response.headers).filter(([key]) => !isHopByHop(key));
        return {
          ok: true,
          response: {
            status: response.status,
            statusDescription: STATUS_CODES[response.status] ?? '',
            headers: toHeaderMap(pairs),
            body,
          },
        };
      } catch (error) {
        return {
          ok: false,
          failure: {
            status: 502,
            message: `The handler of origin "${name}" threw: ${(error as Error)?.message ?? String(error)}`,
            fix: 'Fix the origin handler in edge.config.ts.',
          },
        };
      }
    },
  };
}
