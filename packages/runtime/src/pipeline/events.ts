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
import type { ResolvedBehavior } from './behaviors.ts';
import { cloneHeaders } from './headers.ts';
import { DEFAULT_TIMEOUT_MS } from './origins/url.ts';
import { detectDevice } from './viewer.ts';

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

const eventOrigins = new WeakMap<ResolvedBehavior, Origin>();

/**
 * The `origin` field for a behavior's configured origin, built once per behavior (every miss
 * needs it): shared, so callers copy it before handing it to a function. Keyed by behavior, not
 * by origin config, because two origin names may share one config object.
 */
export function configuredEventOrigin(behavior: ResolvedBehavior): Readonly<Origin> {
  let origin = eventOrigins.get(behavior);
  if (!origin) {
    origin = eventOrigin(behavior.originName, behavior.origin);
    eventOrigins.set(behavior, origin);
  }
  return origin;
}

/** The `origin` field CloudFront puts in origin-request events for a configured origin. */
export function eventOrigin(name: string, config: OriginConfig): Origin {
  if ('url' in config) {
    const url = new URL(config.url);
    const protocol = url.protocol === 'https:' ? 'https' : 'http';
    return {
      custom: {
        customHeaders: {},
        domainName: url.hostname,
        keepaliveTimeout: 5,
        path: url.pathname.replace(/\/+$/, ''),
        port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
        protocol,
        readTimeout: Math.ceil((config.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000),
        sslProtocols: ['TLSv1.2'],
      },
    };
  }
  if ('dir' in config) {
    // A local directory plays an S3 bucket; the domain only has to look like one.
    return {
      s3: {
        authMethod: 'none',
        customHeaders: {},
        domainName: `${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.s3.us-east-1.amazonaws.com`,
        path: '',
        // No `region`: the guide requires one only with an origin access identity
        // (docs/cloudfront-rules.md#origin-fields).
      },
    };
  }
  return {
    custom: {
      customHeaders: {},
      domainName: `${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.origin.internal`,
      keepaliveTimeout: 5,
      path: '',
      port: 443,
      protocol: 'https',
      readTimeout: DEFAULT_TIMEOUT_MS / 1000,
      sslProtocols: ['TLSv1.2'],
    },
  };
}

export interface ViewerFacts {
  clientIp: string;
  country: string;
  protocol: 'http' | 'https';
  httpVersion: string;
  /** The viewer's own User-Agent, before any function changed it. */
  userAgent: string | undefined;
  /** This edge as a `Via` entry names it after the HTTP version: `abc.cloudfront.net (CloudFront)`. */
  viaHost: string;
}

/**
 * The request the origin side sees: the viewer request after viewer-request, forwarded as an
 * AllViewerExceptHostHeader origin request policy would (every viewer header and query string, Host
 * set to the origin), plus what CloudFront adds. CloudFront-* headers overwrite any the viewer sent
 * (docs/cloudfront-rules.md#cloudfront-headers-in-functions). No body: origin-request exposes one
 * against its own limit.
 */
export function toOriginRequest(
  request: ViewerRequest,
  origin: Origin,
  viewer: ViewerFacts,
): OriginRequest {
  const domain = origin.custom?.domainName ?? origin.s3?.domainName ?? 'origin';
  const device = detectDevice(viewer.userAgent);
  const forwardedFor = request.headers['x-forwarded-for']?.[0]?.value;
  const via = request.headers.via?.[0]?.value;
  const ownVia = `${viewer.httpVersion} ${viewer.viaHost}`;
  const added: Array<[key: string, value: string]> = [
    ['Host', domain],
    ['CloudFront-Viewer-Country', viewer.country],
    ['CloudFront-Is-Mobile-Viewer', String(device.mobile)],
    ['CloudFront-Is-Tablet-Viewer', String(device.tablet)],
    ['CloudFront-Is-SmartTV-Viewer', String(device.smartTv)],
    ['CloudFront-Is-Desktop-Viewer', String(device.desktop)],
    ['CloudFront-Forwarded-Proto', viewer.protocol],
    ['X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${viewer.clientIp}` : viewer.clientIp],
    ['Via', via ? `${via}, ${ownVia}` : ownVia],
  ];
  // Each replaces every line the viewer (or viewer-request) sent under that name.
  const headers: Headers = cloneHeaders(request.headers);
  for (const [key, value] of added) headers[key.toLowerCase()] = [{ key, value }];
  return {
    clientIp: request.clientIp,
    method: request.method,
    uri: request.uri,
    querystring: request.querystring,
    headers,
    origin: copyJson(origin),
  };
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
