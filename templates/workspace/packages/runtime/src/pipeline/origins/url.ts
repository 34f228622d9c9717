/**
 * A `{ url }` origin: the request is proxied over HTTP(S) with node:http, so the body arrives
 * as the origin sent it (no decompression) and failures are classified the way CloudFront
 * reports them: no connection → 502, no answer in time → 504 (DG: http-502-bad-gateway,
 * http-504-gateway-timeout).
 */
import http, { STATUS_CODES } from 'node:http';
import https from 'node:https';
import type { UrlOrigin } from '../../config.ts';
import { isHopByHop, rawHeaderPairs, toHeaderMap, toHeaderPairs } from '../headers.ts';
import { hasBody } from '../results.ts';
import type { OriginClient, OriginFetchRequest, OriginResult } from './types.ts';

// CloudFront's default origin response timeout (DG: DownloadDistValuesOrigin, "Response timeout"),
// also what events.ts reports as the origin's readTimeout.
export const DEFAULT_TIMEOUT_MS = 30_000;

/** How failures of this origin are explained: which origin it is and what to do about it. */
export interface OriginAdvice {
  label: string;
  unreachableFix: string;
  timeoutFix: string;
}

const CONFIGURED_ADVICE = {
  unreachableFix:
    'Start the origin server, or point `origins` in edge.config.ts at one that is running.',
  timeoutFix:
    'Check that the origin server responds, or raise `timeoutMs` on the origin in edge.config.ts.',
};

export function createUrlOrigin(config: UrlOrigin, advice?: Partial<OriginAdvice>): OriginClient {
  const base = new URL(config.url);
  const isHttps = base.protocol === 'https:';
  const agent = isHttps
    ? new https.Agent({ keepAlive: true, maxSockets: 64 })
    : new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target: ProxyTarget = {
    transport: isHttps ? https : http,
    agent,
    base,
    basePath: base.pathname.replace(/\/+$/, ''),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    advice: { label: config.url, ...CONFIGURED_ADVICE, ...advice },
  };
  return {
    fetch: (request) => proxy(target, request),
    close: () => agent.destroy(),
  };
}

interface ProxyTarget {
  transport: typeof http | typeof https;
  agent: http.Agent;
  base: URL;
  basePath: string;
  timeoutMs: number;
  advice: OriginAdvice;
}

function proxy(target: ProxyTarget, request: OriginFetchRequest): Promise<OriginResult> {
  const { transport, agent, base, basePath, timeoutMs, advice } = target;
  const label = advice.label;
  const path = `${basePath}${request.uri}${request.querystring ? `?${request.querystring}` : ''}`;
  let headers = toHeaderPairs(request.headers).filter(([name]) => !isHopByHop(name));
  if (hasBody(request.method, request.body)) {
    // The body is sent whole, so its own length replaces whatever the request said.
    headers = headers.filter(([name]) => name.toLowerCase() !== 'content-length');
    headers.push(['Content-Length', String(request.body.byteLength)]);
  }
  return new Promise<OriginResult>((resolve) => {
    let settled = false;
    const settle = (result: OriginResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const outgoing = transport.request({
      agent,
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port || undefined,
      method: request.method,
      path,
      headers: headers.flat(),
    });
    const timer = setTimeout(() => {
      settle({
        ok: false,
        failure: {
          status: 504,
          message: `The origin ${label} did not answer within ${timeoutMs} ms.`,
          fix: advice.timeoutFix,
        },
      });
      outgoing.destroy();
    }, timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      settle({
        ok: false,
        failure: {
          status: 502,
          message: `CloudFront could not connect to the origin ${label}: ${error.code ?? error.message}.`,
          fix: advice.unreachableFix,
        },
      });
    });
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', () =>
        settle({
          ok: false,
          failure: {
            status: 502,
            message: `The origin ${label} closed the connection before the response was complete.`,
            fix: 'Check the origin server for errors.',
          },
        }),
      );
      incoming.on('end', () => {
        const pairs = rawHeaderPairs(incoming.rawHeaders).filter(([name]) => !isHopByHop(name));
        const status = incoming.statusCode ?? 502;
        settle({
          ok: true,
          response: {
            status,
            statusDescription: incoming.statusMessage || STATUS_CODES[status] || '',
            headers: toHeaderMap(pairs),
            body: Buffer.concat(chunks),
          },
        });
      });
    });
    outgoing.end(request.body.byteLength > 0 ? request.body : undefined);
  });
}
