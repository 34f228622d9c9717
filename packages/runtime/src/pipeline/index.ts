/**
 * A local CloudFront distribution: cache behaviors with their policies, the four Lambda@Edge
 * triggers, a cache, origins and origin groups, composed as CloudFront composes them. `request()`
 * runs in-process (for tests); `handler` serves the same pipeline over node:http.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventType } from '@edge-app/events';
import { EVENT_TYPES } from '@edge-app/events';
import { validateConfig } from '../config-check/index.ts';
import { resolveLimits } from '../limits.ts';
import { type ResolvedBehavior, resolveBehaviors } from './behaviors.ts';
import { RequestBody } from './body.ts';
import { EdgeCache, invalidationPathProblem } from './cache/store.ts';
import type { FlowContext } from './context.ts';
import type { EdgeFunction } from './contract.ts';
import { PipelineConfigError } from './errors.ts';
import { handleRequest } from './flow.ts';
import { normalizePairs } from './headers.ts';
import { createNodeHandler, type NodeHandlerOptions } from './node-handler.ts';
import { OriginRegistry } from './origins/registry.ts';
import type {
  PipelineOptions,
  PipelineRequestInit,
  PipelineResponse,
  PipelineStats,
} from './types.ts';
import { VIEWER_PROTOCOL_HEADER } from './viewer.ts';

export { compilePathPattern } from './behaviors.ts';
export { computeTtlSeconds } from './cache/ttl.ts';
export type * from './contract.ts';
export { PipelineConfigError } from './errors.ts';
export { eventOrigin } from './events.ts';
export type { NodeHandlerOptions } from './node-handler.ts';
export type * from './types.ts';
export { detectDevice } from './viewer.ts';

export interface Pipeline {
  /** Runs one request in-process, no socket. `path` may carry a query string. */
  request(path: string, init?: PipelineRequestInit): Promise<PipelineResponse>;
  /** A node:http request listener serving the pipeline. */
  handler: (req: IncomingMessage, res: ServerResponse, options?: NodeHandlerOptions) => void;
  /**
   * Removes cached objects: those whose path matches one of `paths` (`/a.jpg`, `/images/*`;
   * docs/cloudfront-rules.md#invalidation), or everything without paths. Returns how many went.
   */
  purge(paths?: readonly string[]): number;
  readonly stats: PipelineStats;
  /** Resolves once background refreshes (stale-while-revalidate) have finished. */
  settled(): Promise<void>;
  /** Closes origin connections. Functions belong to the caller and are left alone. */
  close(): void;
}

const DEFAULT_DISTRIBUTION = {
  // The Developer Guide's example distribution (docs/cloudfront-rules.md#event-config).
  distributionDomainName: 'd111111abcdef8.cloudfront.net',
  distributionId: 'EDFDVBD6EXAMPLE',
};

export function createPipeline(options: PipelineOptions): Pipeline {
  const config = validateConfig(options.config);
  const behaviors = resolveBehaviors(config);
  const getFunction = (name: string): EdgeFunction | undefined =>
    options.functions instanceof Map
      ? options.functions.get(name)
      : (options.functions as Record<string, EdgeFunction>)[name];
  checkAssociations(behaviors, getFunction);
  const now = options.now ?? Date.now;
  const cache =
    options.cache === false ? undefined : new EdgeCache(now, options.maxCacheEntries ?? 10_000);
  const stats: PipelineStats = {
    requests: 0,
    hits: 0,
    misses: 0,
    errors: 0,
    originFetches: 0,
    invocations: Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>,
    get cacheEntries() {
      return cache?.size ?? 0;
    },
  };
  const origins = new OriginRegistry(config, options.root ?? process.cwd());
  const viaHost = `${randomBytes(16).toString('hex')}.cloudfront.net (CloudFront)`;
  const ctx: FlowContext = {
    config,
    behaviors,
    getFunction,
    cache,
    distribution: {
      distributionDomainName:
        options.distributionDomainName ?? DEFAULT_DISTRIBUTION.distributionDomainName,
      distributionId: options.distributionId ?? DEFAULT_DISTRIBUTION.distributionId,
    },
    edge: { viaHost, via: `1.1 ${viaHost}`, pop: config.dev?.pop ?? 'DEV50-C1' },
    limits: (eventType) => resolveLimits(eventType, config.profile, config.limits),
    origins,
    stats,
    now,
    inflight: new Map(),
    errorResponses: new Map(
      (config.customErrorResponses ?? []).map((rule) => [rule.errorCode, rule]),
    ),
    undocumented: {
      headServedFromCachedGet: config.dev?.undocumented?.headServedFromCachedGet ?? true,
      originResponseOnOriginFailure:
        config.dev?.undocumented?.originResponseOnOriginFailure ?? false,
    },
    background: new Set(),
    reportBackground: (trace) => options.onTrace?.(trace),
  };
  const defaultProtocol = config.dev?.viewerProtocol ?? 'https';
  const serve = async (path: string, init: PipelineRequestInit, body: RequestBody) => {
    const headers = normalizePairs(init.headers);
    if (!headers.some(([name]) => name.toLowerCase() === 'host'))
      headers.unshift(['Host', ctx.distribution.distributionDomainName]);
    const protocolHeader = headers.find(
      ([name]) => name.toLowerCase() === VIEWER_PROTOCOL_HEADER,
    )?.[1];
    const response = await handleRequest(ctx, {
      method: (init.method ?? 'GET').toUpperCase(),
      url: path.startsWith('/') ? path : `/${path}`,
      headers,
      body,
      clientIp: init.clientIp ?? '127.0.0.1',
      clientPort: init.clientPort ?? 0,
      protocol:
        init.protocol ??
        (protocolHeader === 'http' || protocolHeader === 'https'
          ? protocolHeader
          : defaultProtocol),
      httpVersion: init.httpVersion ?? '1.1',
    });
    options.onTrace?.(response.trace, response);
    return response;
  };
  return {
    request: (path, init = {}) => {
      const bytes =
        typeof init.body === 'string' ? Buffer.from(init.body) : (init.body ?? new Uint8Array());
      return serve(path, init, RequestBody.fromBytes(bytes));
    },
    handler: createNodeHandler(serve),
    purge(paths) {
      if (!cache) return 0;
      if (paths === undefined) return cache.purge();
      for (const path of paths) {
        const problem = invalidationPathProblem(path);
        if (problem) {
          throw new PipelineConfigError(
            `Invalidation path ${problem}.`,
            'Start each path with "/"; a "*" may only end it (docs: Invalidation).',
          );
        }
      }
      return cache.invalidate(paths);
    },
    stats,
    settled: async () => {
      while (ctx.background.size > 0) await Promise.allSettled([...ctx.background]);
    },
    close() {
      origins.close();
    },
  };
}

/** Mistakes CloudFront would refuse at association time, caught before serving anything. */
function checkAssociations(
  behaviors: ResolvedBehavior[],
  getFunction: (name: string) => EdgeFunction | undefined,
): void {
  for (const behavior of behaviors) {
    const where =
      behavior.pathPattern === '*' ? 'defaultBehavior' : `behavior "${behavior.pathPattern}"`;
    for (const [eventType, association] of Object.entries(behavior.functions)) {
      if (!association) continue;
      const fn = getFunction(association.functionName);
      if (!fn) {
        throw new PipelineConfigError(
          `edge.config.ts: ${where} runs "${association.functionName}" on ${eventType}, but there is no such function.`,
          `Create packages/${association.functionName} (\`pnpm gen trigger\`) or fix the name.`,
        );
      }
      if (fn.eventType && fn.eventType !== eventType) {
        throw new PipelineConfigError(
          `edge.config.ts: ${where} runs "${association.functionName}" on ${eventType}, but it is a ${fn.eventType} function.`,
          `Associate it with ${fn.eventType}, or change "edge.eventType" in its package.json.`,
        );
      }
    }
  }
}
