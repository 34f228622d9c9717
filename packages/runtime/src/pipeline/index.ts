/**
 * A local CloudFront distribution: cache behaviors, the four Lambda@Edge triggers, a cache
 * and origins, composed as CloudFront composes them. `request()` runs in-process (for tests);
 * `handler` serves the same pipeline over node:http.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventType, Origin } from '@edge-app/events';
import { EVENT_TYPES } from '@edge-app/events';
import { resolveLimits } from '../limits.ts';
import { isRequestEvent } from '../validate/shape.ts';
import { type ResolvedBehavior, resolveBehaviors } from './behaviors.ts';
import { EdgeCache } from './cache.ts';
import type { EdgeFunction } from './contract.ts';
import { PipelineConfigError } from './errors.ts';
import { configuredEventOrigin } from './events.ts';
import { type FlowContext, handleRequest } from './flow.ts';
import { normalizePairs } from './headers.ts';
import { createNodeHandler } from './node-handler.ts';
import { createOriginClient, type OriginClient, originFromEvent } from './origins/index.ts';
import type {
  PipelineOptions,
  PipelineRequestInit,
  PipelineResponse,
  PipelineStats,
} from './types.ts';

export { compilePathPattern } from './behaviors.ts';
export { computeTtlSeconds } from './cache.ts';
export type * from './contract.ts';
export { PipelineConfigError } from './errors.ts';
export type * from './types.ts';
export { detectDevice } from './viewer.ts';

export interface Pipeline {
  /** Runs one request in-process, no socket. `path` may carry a query string. */
  request(path: string, init?: PipelineRequestInit): Promise<PipelineResponse>;
  /** A node:http request listener serving the pipeline. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Empties the cache; returns how many objects were dropped. */
  purge(): number;
  readonly stats: PipelineStats;
  /** Closes origin connections. Functions belong to the caller and are left alone. */
  close(): void;
}

const DEFAULT_DISTRIBUTION = {
  // The Developer Guide's example distribution (docs/cloudfront-rules.md#event-config).
  distributionDomainName: 'd111111abcdef8.cloudfront.net',
  distributionId: 'EDFDVBD6EXAMPLE',
};

export function createPipeline(options: PipelineOptions): Pipeline {
  const { config } = options;
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
  const root = options.root ?? process.cwd();
  const configuredOrigins = new Map<string, OriginClient>();
  const redirectedOrigins = new Map<string, OriginClient>();
  // What each configured origin looks like in an event, without its custom headers: an
  // origin-request result that differs from it was pointed elsewhere by the function.
  const configuredIds = new Map<string, string>();
  const configuredOrigin = (behavior: ResolvedBehavior): OriginClient => {
    let client = configuredOrigins.get(behavior.originName);
    if (!client) {
      client = createOriginClient(behavior.originName, behavior.origin, root);
      configuredOrigins.set(behavior.originName, client);
    }
    return client;
  };
  const originFor = (behavior: ResolvedBehavior, origin: Origin | undefined): OriginClient => {
    if (!origin) return configuredOrigin(behavior);
    let configuredId = configuredIds.get(behavior.originName);
    if (configuredId === undefined) {
      const configured = configuredEventOrigin(behavior);
      configuredId = JSON.stringify(withoutHeaders(configured));
      configuredIds.set(behavior.originName, configuredId);
    }
    const id = JSON.stringify(withoutHeaders(origin));
    if (id === configuredId) return configuredOrigin(behavior);
    // The origin-request function pointed the request elsewhere.
    let client = redirectedOrigins.get(id);
    if (!client) {
      const timeoutMs = 'url' in behavior.origin ? behavior.origin.timeoutMs : undefined;
      client = originFromEvent(origin, timeoutMs);
      redirectedOrigins.set(id, client);
    }
    return client;
  };
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
    originFor,
    stats,
    now,
    inflight: new Map(),
  };
  const run: Pipeline['request'] = async (path, init = {}) => {
    const headers = normalizePairs(init.headers);
    if (!headers.some(([name]) => name.toLowerCase() === 'host'))
      headers.unshift(['Host', ctx.distribution.distributionDomainName]);
    const body =
      typeof init.body === 'string' ? Buffer.from(init.body) : (init.body ?? new Uint8Array());
    const response = await handleRequest(ctx, {
      method: (init.method ?? 'GET').toUpperCase(),
      url: path.startsWith('/') ? path : `/${path}`,
      headers,
      body,
      clientIp: init.clientIp ?? '127.0.0.1',
      protocol: init.protocol ?? 'http',
      httpVersion: init.httpVersion ?? '1.1',
    });
    options.onTrace?.(response.trace);
    return response;
  };
  return {
    request: run,
    handler: createNodeHandler(run),
    purge: () => cache?.purge() ?? 0,
    stats,
    close() {
      for (const client of [...configuredOrigins.values(), ...redirectedOrigins.values()])
        client.close?.();
      configuredOrigins.clear();
      redirectedOrigins.clear();
    },
  };
}

function withoutHeaders(origin: Origin): unknown {
  if (origin.custom) return { custom: { ...origin.custom, customHeaders: undefined } };
  return { s3: { ...origin.s3, customHeaders: undefined } };
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
      if (!EVENT_TYPES.includes(eventType as EventType)) {
        throw new PipelineConfigError(
          `edge.config.ts: ${where} associates a function with "${eventType}", which is not a CloudFront event.`,
          `Use one of ${EVENT_TYPES.join(', ')}.`,
        );
      }
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
      // "The IncludeBody option can only be used with viewer-request or origin-request events."
      // (docs/cloudfront-rules.md#deploy-include-body)
      if (association.includeBody && !isRequestEvent(eventType as EventType)) {
        throw new PipelineConfigError(
          `edge.config.ts: ${where} sets includeBody on ${eventType}.`,
          'IncludeBody can only be used with viewer-request or origin-request events; remove it.',
        );
      }
    }
  }
}
