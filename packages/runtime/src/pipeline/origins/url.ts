/**
 * A `{ url }` origin: the request is proxied over HTTP(S), so the body arrives as the origin
 * sent it (no decompression) and failures are classified the way CloudFront reports them: no
 * connection → 502, no answer in time → 504 (DG: http-502-bad-gateway,
 * http-504-gateway-timeout).
 *
 * The client is undici's connection pool, driven through its handler interface, rather than
 * node:http. A miss in `edge dev` spends a good part of the main thread's time fetching from the
 * origin, and a node:http proxy used ~30% more CPU per request than the same proxy on undici
 * (bench/README.md, dev-server). The handler interface also hands over the response's header names
 * as the origin spelled them, which CloudFront's events keep
 * (docs/cloudfront-rules.md#header-shape).
 */
import { STATUS_CODES } from 'node:http';
import type { Dispatcher, Pool } from 'undici';
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
  let pool: Promise<Pool> | undefined;
  const target: ProxyTarget = {
    // Loaded on the first request: edge.config.ts is bundled with this package inlined and
    // runs from the project's root, where only the packages' own node_modules hold undici.
    // As many connections as the node:http agent this replaced allowed; the timeout is ours
    // (one timer for the whole exchange, as CloudFront's response timeout), so undici's are off.
    pool: () =>
      (pool ??= import('undici').then(
        ({ Pool }) => new Pool(base.origin, { connections: 64, headersTimeout: 0, bodyTimeout: 0 }),
        (error: unknown) => {
          pool = undefined; // tried again on the next request, e.g. after `pnpm install`
          throw error;
        },
      )),
    basePath: base.pathname.replace(/\/+$/, ''),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    advice: { label: config.url, ...CONFIGURED_ADVICE, ...advice },
  };
  return {
    fetch: (request) => proxy(target, request),
    close: () => {
      // Requests still running end with an error, which settles them as a 502; a later
      // request opens a new pool, as the agent this replaced opened new sockets.
      void pool?.then((open) => open.destroy()).catch(() => {});
      pool = undefined;
    },
  };
}

interface ProxyTarget {
  pool: () => Promise<Pool>;
  basePath: string;
  timeoutMs: number;
  advice: OriginAdvice;
}

async function proxy(target: ProxyTarget, request: OriginFetchRequest): Promise<OriginResult> {
  const { basePath, timeoutMs, advice } = target;
  const label = advice.label;
  let pool: Pool;
  try {
    pool = await target.pool();
  } catch (error) {
    return {
      ok: false,
      failure: {
        status: 502,
        message: `The origin ${label} cannot be reached: the undici package, which URL origins use, did not load (${(error as Error).message}).`,
        fix: 'Run `pnpm install` in the project, then start `pnpm dev` again.',
      },
    };
  }
  const path = `${basePath}${request.uri}${request.querystring ? `?${request.querystring}` : ''}`;
  const sendsBody = hasBody(request.method, request.body);
  const headers: string[] = [];
  for (const [name, value] of toHeaderPairs(request.headers)) {
    const lower = name.toLowerCase();
    // Not forwarded: hop-by-hop headers; `Expect`, since the whole body is sent at once (undici
    // refuses `Expect: 100-continue`); and the request's length, replaced by the body's own.
    if (isHopByHop(lower) || lower === 'expect' || (sendsBody && lower === 'content-length'))
      continue;
    headers.push(name, value);
  }
  if (sendsBody) headers.push('Content-Length', String(request.body.byteLength));
  return new Promise<OriginResult>((resolve) => {
    let settled = false;
    let abort: ((reason?: Error) => void) | undefined;
    let status = 0;
    let statusText = '';
    let rawHeaders: Buffer[] = [];
    const chunks: Buffer[] = [];
    const settle = (result: OriginResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      settle({
        ok: false,
        failure: {
          status: 504,
          message: `The origin ${label} did not answer within ${timeoutMs} ms.`,
          fix: advice.timeoutFix,
        },
      });
      abort?.();
    }, timeoutMs);
    try {
      pool.dispatch(
        {
          // Any token CloudFront forwards; undici's type lists only the common ones.
          method: request.method as Dispatcher.HttpMethod,
          path,
          headers,
          body: request.body.byteLength > 0 ? request.body : null,
        },
        {
          onConnect: (abortRequest) => {
            abort = abortRequest;
            if (settled) abortRequest();
          },
          onHeaders: (code, raw, _resume, text) => {
            status = code;
            statusText = text;
            rawHeaders = raw;
            return true;
          },
          onData: (chunk) => {
            chunks.push(chunk);
            return true;
          },
          onComplete: () => {
            const pairs = rawHeaderPairs(rawHeaders.map((line) => line.toString('latin1'))).filter(
              ([name]) => !isHopByHop(name),
            );
            settle({
              ok: true,
              response: {
                status,
                statusDescription: statusText || STATUS_CODES[status] || '',
                headers: toHeaderMap(pairs),
                body: Buffer.concat(chunks),
              },
            });
          },
          onError: (error: Error & { code?: string }) => {
            settle({ ok: false, failure: errorFailure(error, status > 0, label, advice) });
          },
        },
      );
    } catch (error) {
      // undici refuses some requests before sending anything (e.g. a header it cannot send).
      settle({ ok: false, failure: errorFailure(error as Error, false, label, advice) });
    }
  });
}

function errorFailure(
  error: Error & { code?: string },
  answered: boolean,
  label: string,
  advice: OriginAdvice,
): { status: 502; message: string; fix: string } {
  if (answered) {
    return {
      status: 502,
      message: `The origin ${label} closed the connection before the response was complete.`,
      fix: 'Check the origin server for errors.',
    };
  }
  // A refused or reset connection has the system's code; undici's own errors carry theirs.
  const code = (error.cause as { code?: string } | undefined)?.code ?? error.code;
  return {
    status: 502,
    message: `CloudFront could not connect to the origin ${label}: ${code ?? error.message}.`,
    fix: advice.unreachableFix,
  };
}
