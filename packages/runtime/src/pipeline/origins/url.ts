/**
 * A `{ url }` origin (a custom origin): the request is proxied over HTTP(S) with the body streamed,
 * the answer comes back as the origin sent it (no decompression), and failures are classified as
 * CloudFront reports them (docs/cloudfront-rules.md#origin-timeouts, #origin-dns): no connection
 * → 502, no connection or no answer in time → 504, a name that does not resolve → 502 before
 * origin-request runs.
 *
 * The client is undici's connection pool, driven through its handler interface, rather than
 * node:http: a node:http proxy used ~30% more CPU per request (bench/README.md, dev-server), and
 * the handler interface hands over header names as the origin spelled them, which CloudFront's
 * events keep (docs/cloudfront-rules.md#header-shape).
 */
import { lookup } from 'node:dns/promises';
import { STATUS_CODES } from 'node:http';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import type { Dispatcher, Pool } from 'undici';
import type { UrlOrigin } from '../../config.ts';
import { isHopByHop, rawHeaderPairs, toHeaderMap, toHeaderPairs } from '../headers.ts';
import type { OriginClient, OriginFailure, OriginFetchRequest, OriginResult } from './types.ts';

// CloudFront's defaults (DG: DownloadDistValuesOrigin): 30 s response timeout, 10 s connection
// timeout, 3 connection attempts. events.ts reports the response timeout as `readTimeout`.
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECTION_TIMEOUT_S = 10;
export const DEFAULT_CONNECTION_ATTEMPTS = 3;
/** How long a resolved name is trusted, so DNS is not asked on every miss. */
const DNS_CACHE_MS = 30_000;

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
    'Check that the origin server responds, or raise `originReadTimeout` on the origin in edge.config.ts.',
};

/** The response timeout of a URL origin, ms: `originReadTimeout` (s), else the older `timeoutMs`. */
export function readTimeoutMs(config: Pick<UrlOrigin, 'originReadTimeout' | 'timeoutMs'>): number {
  if (config.originReadTimeout !== undefined) return config.originReadTimeout * 1000;
  return config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
}

export function createUrlOrigin(config: UrlOrigin, advice?: Partial<OriginAdvice>): OriginClient {
  const base = new URL(config.url);
  let pool: Promise<Pool> | undefined;
  const connectTimeoutMs = (config.connectionTimeout ?? DEFAULT_CONNECTION_TIMEOUT_S) * 1000;
  const target: ProxyTarget = {
    // Loaded on the first request: edge.config.ts is bundled with this package inlined and
    // runs from the project's root, where only the packages' own node_modules hold undici.
    // The response timeout is ours (reset by every chunk, as CloudFront's), so undici's are off.
    pool: () =>
      (pool ??= import('undici').then(
        ({ Pool }) =>
          new Pool(base.origin, {
            connections: 64,
            headersTimeout: 0,
            bodyTimeout: 0,
            connectTimeout: connectTimeoutMs,
          }),
        (error: unknown) => {
          pool = undefined; // tried again on the next request, e.g. after `pnpm install`
          throw error;
        },
      )),
    basePath: base.pathname.replace(/\/+$/, ''),
    timeoutMs: readTimeoutMs(config),
    advice: { label: config.url, ...CONFIGURED_ADVICE, ...advice },
  };
  let resolved: { at: number; failure: OriginFailure | undefined } | undefined;
  return {
    label: target.advice.label,
    attempts: config.connectionAttempts ?? DEFAULT_CONNECTION_ATTEMPTS,
    fetch: (request) => proxy(target, request),
    async resolve() {
      const host = base.hostname.replace(/^\[|\]$/g, '');
      if (isIP(host) || host === 'localhost') return undefined;
      if (resolved && Date.now() - resolved.at < DNS_CACHE_MS) return resolved.failure;
      const failure = await lookup(host).then(
        () => undefined,
        (error: NodeJS.ErrnoException): OriginFailure => dnsFailure(target.advice, error),
      );
      resolved = { at: Date.now(), failure };
      return failure;
    },
    close: () => {
      // Requests still running end with an error, which settles them as a 502; a later
      // request opens a new pool.
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
        kind: 'connect',
        status: 502,
        message: `The origin ${label} cannot be reached: the undici package, which URL origins use, did not load (${(error as Error).message}).`,
        fix: 'Run `pnpm install` in the project, then start `pnpm dev` again.',
      },
    };
  }
  const path = `${basePath}${request.uri}${request.querystring ? `?${request.querystring}` : ''}`;
  const { body } = request;
  const headers: string[] = [];
  for (const [name, value] of toHeaderPairs(request.headers)) {
    const lower = name.toLowerCase();
    // Not forwarded: hop-by-hop headers; `Expect` (CloudFront removes it); the request's length,
    // replaced by the body's own.
    if (isHopByHop(lower) || lower === 'expect' || lower === 'content-length') continue;
    headers.push(name, value);
  }
  if (body.present && body.declaredLength !== undefined) {
    headers.push('Content-Length', String(body.declaredLength));
  }
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
    // The response timeout covers the wait for the first byte and every gap between packets.
    let timer = setTimeout(onTimeout, timeoutMs);
    function onTimeout() {
      settle({
        ok: false,
        failure: {
          kind: 'read-timeout',
          status: 504,
          message: `The origin ${label} did not answer within ${timeoutMs} ms.`,
          fix: advice.timeoutFix,
        },
      });
      abort?.();
    }
    const activity = () => {
      clearTimeout(timer);
      timer = setTimeout(onTimeout, timeoutMs);
    };
    try {
      pool.dispatch(
        {
          // Any token CloudFront forwards; undici's type lists only the common ones.
          method: request.method as Dispatcher.HttpMethod,
          path,
          headers,
          body: body.present ? Readable.from(body.stream(), { objectMode: false }) : null,
        },
        {
          onConnect: (abortRequest) => {
            abort = abortRequest;
            if (settled) abortRequest();
          },
          onHeaders: (code, raw, _resume, text) => {
            activity();
            status = code;
            statusText = text;
            rawHeaders = raw;
            return true;
          },
          onData: (chunk) => {
            activity();
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
            settle({ ok: false, failure: errorFailure(error, status > 0, advice) });
          },
        },
      );
    } catch (error) {
      // undici refuses some requests before sending anything (e.g. a header it cannot send).
      settle({ ok: false, failure: errorFailure(error as Error, false, advice) });
    }
  });
}

function errorFailure(
  error: Error & { code?: string },
  answered: boolean,
  advice: OriginAdvice,
): OriginFailure {
  const label = advice.label;
  if (answered) {
    return {
      kind: 'broken',
      status: 502,
      message: `The origin ${label} closed the connection before the response was complete.`,
      fix: 'Check the origin server for errors.',
    };
  }
  // A refused or reset connection has the system's code; undici's own errors carry theirs.
  const code = (error.cause as { code?: string } | undefined)?.code ?? error.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return dnsFailure(advice, error);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return {
      kind: 'connect-timeout',
      status: 504,
      message: `CloudFront could not connect to the origin ${label} within the connection timeout.`,
      fix: advice.unreachableFix,
    };
  }
  return {
    kind: 'connect',
    status: 502,
    message: `CloudFront could not connect to the origin ${label}: ${code ?? error.message}.`,
    fix: advice.unreachableFix,
  };
}

function dnsFailure(advice: OriginAdvice, error: NodeJS.ErrnoException): OriginFailure {
  return {
    kind: 'dns',
    status: 502,
    message: `The domain name of the origin ${advice.label} does not resolve (${error.code ?? error.message}).`,
    fix: 'Fix the domain name of the origin, or make it resolvable from this machine.',
  };
}
