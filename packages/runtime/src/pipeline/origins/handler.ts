/**
 * A `{ handler }` origin: an in-process function, for tests and mocks. A thrown error is a failed
 * connection (502, tried again up to the connection attempts); no answer within the response
 * timeout is a 504, as with a URL origin.
 */
import { STATUS_CODES } from 'node:http';
import type { HandlerOrigin } from '../../config.ts';
import { isHopByHop, normalizePairs, toHeaderMap, toHeaderPairs } from '../headers.ts';
import type { OriginClient, OriginResult } from './types.ts';
import { DEFAULT_CONNECTION_ATTEMPTS, readTimeoutMs } from './url.ts';

export function createHandlerOrigin(config: HandlerOrigin, name: string): OriginClient {
  const timeoutMs = readTimeoutMs(config);
  return {
    label: `"${name}" (a handler origin)`,
    attempts: config.connectionAttempts ?? DEFAULT_CONNECTION_ATTEMPTS,
    async fetch(request): Promise<OriginResult> {
      const url = `${request.uri}${request.querystring ? `?${request.querystring}` : ''}`;
      const headers: Record<string, string | string[]> = {};
      for (const [key, value] of toHeaderPairs(request.headers)) {
        const lower = key.toLowerCase();
        const existing = headers[lower];
        if (existing === undefined) headers[lower] = value;
        else headers[lower] = Array.isArray(existing) ? [...existing, value] : [existing, value];
      }
      const body = request.body.present ? await request.body.bytes() : new Uint8Array();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        const response = await Promise.race([
          Promise.resolve(config.handler({ method: request.method, url, headers, body })),
          timedOut,
        ]);
        if (response === 'timeout') {
          return {
            ok: false,
            failure: {
              kind: 'read-timeout',
              status: 504,
              message: `The handler of origin "${name}" did not answer within ${timeoutMs} ms.`,
              fix: 'Make the origin handler answer sooner, or raise its originReadTimeout.',
            },
          };
        }
        const responseBody =
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
            body: responseBody,
          },
        };
      } catch (error) {
        return {
          ok: false,
          failure: {
            kind: 'connect',
            status: 502,
            message: `The handler of origin "${name}" threw: ${(error as Error)?.message ?? String(error)}`,
            fix: 'Fix the origin handler in edge.config.ts.',
          },
        };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
