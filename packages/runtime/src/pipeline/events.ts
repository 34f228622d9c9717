/**
 * Builds the four events as CloudFront shows them to functions
 * (docs/cloudfront-rules.md#event-envelope; the shapes of the Developer Guide's example events,
 * copied into test/validate/fixtures/devguide/).
 */
import { randomFillSync } from 'node:crypto';
import type {
  EventConfig,
  EventType,
  Headers,
  Origin,
  OriginRequest,
  OriginRequestEvent,
  OriginResponseEvent,
  Response,
  ResponseEventRequest,
  ViewerRequest,
  ViewerRequestEvent,
  ViewerResponseEvent,
} from '@edge-app/events';
import type { OriginConfig } from '../config.ts';
import { cloneHeaders } from './headers.ts';
import { readTimeoutMs } from './origins/url.ts';

export interface Distribution {
  distributionDomainName: string;
  distributionId: string;
}

const ID_BYTES = 42;
/** Random bytes for this many ids are drawn at once: one draw per request was ~2% of a miss. */
const IDS_PER_DRAW = 64;
const idBytes = Buffer.alloc(ID_BYTES * IDS_PER_DRAW);
let idOffset = idBytes.length;

/** CloudFront request ids are 56 URL-safe base64 characters. */
export function newRequestId(): string {
  if (idOffset === idBytes.length) {
    randomFillSync(idBytes);
    idOffset = 0;
  }
  const id = idBytes.toString('base64url', idOffset, idOffset + ID_BYTES);
  idOffset += ID_BYTES;
  return id;
}

function eventConfig<T extends EventType>(
  distribution: Distribution,
  eventType: T,
  requestId: string,
): EventConfig & { readonly eventType: T } {
  // Field by field rather than spread: four of these are built per miss.
  return {
    distributionDomainName: distribution.distributionDomainName,
    distributionId: distribution.distributionId,
    eventType,
    requestId,
  };
}

/**
 * A deep copy of JSON data such as an event's `origin`: the values came from JSON or from this
 * package, so there is nothing structuredClone would keep that this drops, at a fraction of
 * its cost.
 */
function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyJson((value as Record<string, unknown>)[key]);
    // JSON.parse makes "__proto__" an own key; assigning it would set the prototype instead.
    if (key === '__proto__')
      Object.defineProperty(copy, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[key] = item;
  }
  return copy as T;
}

export function viewerRequestEvent(
  distribution: Distribution,
  requestId: string,
  request: ViewerRequest,
): ViewerRequestEvent {
  return {
    Records: [{ cf: { config: eventConfig(distribution, 'viewer-request', requestId), request } }],
  };
}

export function originRequestEvent(
  distribution: Distribution,
  requestId: string,
  request: OriginRequest,
): OriginRequestEvent {
  return {
    Records: [{ cf: { config: eventConfig(distribution, 'origin-request', requestId), request } }],
  };
}

export function originResponseEvent(
  distribution: Distribution,
  requestId: string,
  request: ResponseEventRequest,
  response: Response,
): OriginResponseEvent {
  return {
    Records: [
      {
        cf: {
          config: eventConfig(distribution, 'origin-response', requestId),
          request,
          response,
        },
      },
    ],
  };
}

export function viewerResponseEvent(
  distribution: Distribution,
  requestId: string,
  request: ResponseEventRequest,
  response: Response,
): ViewerResponseEvent {
  return {
    Records: [
      {
        cf: {
          config: eventConfig(distribution, 'viewer-response', requestId),
          request,
          response,
        },
      },
    ],
  };
}

/** The `origin` field CloudFront puts in origin-request events for a configured origin. */
export function eventOrigin(name: string, config: OriginConfig): Origin {
  const customHeaders = toEventHeaders(config.customHeaders);
  if ('url' in config) {
    const url = new URL(config.url);
    const protocol = url.protocol === 'https:' ? 'https' : 'http';
    return {
      custom: {
        customHeaders,
        domainName: url.hostname,
        keepaliveTimeout: 5,
        path: url.pathname.replace(/\/+$/, ''),
        port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
        protocol,
        readTimeout: Math.ceil(readTimeoutMs(config) / 1000),
        sslProtocols: ['TLSv1.2'],
      },
    };
  }
  if ('dir' in config) {
    // A local directory plays an S3 bucket; the domain only has to look like one.
    return {
      s3: {
        authMethod: 'none',
        customHeaders,
        domainName: `${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.s3.us-east-1.amazonaws.com`,
        path: '',
        // No `region`: the guide requires one only with an origin access identity
        // (docs/cloudfront-rules.md#origin-fields).
      },
    };
  }
  return {
    custom: {
      customHeaders,
      domainName: `${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.origin.internal`,
      keepaliveTimeout: 5,
      path: '',
      port: 443,
      protocol: 'https',
      readTimeout: Math.ceil(readTimeoutMs(config) / 1000),
      sslProtocols: ['TLSv1.2'],
    },
  };
}

/** An origin's configured custom headers as the event shows them. */
function toEventHeaders(headers: Record<string, string> | undefined): Headers {
  const map: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    map[name.toLowerCase()] = [{ key: name, value }];
  }
  return map;
}

/** A deep copy of an event's `origin`, for one function to change without touching the next. */
export function copyOrigin(origin: Origin): Origin {
  return copyJson(origin);
}

/** A request as the response events see it: the same fields, without the body. */
export function responseEventRequest(request: ViewerRequest | OriginRequest): ResponseEventRequest {
  const copy: ResponseEventRequest = {
    clientIp: request.clientIp,
    method: request.method,
    uri: request.uri,
    querystring: request.querystring,
    headers: cloneHeaders(request.headers),
    ...('origin' in request && request.origin ? { origin: copyJson(request.origin) } : {}),
  };
  return copy;
}
