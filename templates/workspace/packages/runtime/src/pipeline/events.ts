/**
 * Builds the four events as CloudFront shows them to functions (facts §2; the shapes of the
 * Developer Guide's example events in /work/shared/fixtures/cloudfront-events/devguide).
 */
import { randomBytes } from 'node:crypto';
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
import { cloneHeaders, setHeader } from './headers.ts';
import { detectDevice } from './viewer.ts';

export interface Distribution {
  distributionDomainName: string;
  distributionId: string;
}

/** CloudFront request ids are 56 URL-safe base64 characters. */
export function newRequestId(): string {
  return randomBytes(42).toString('base64url');
}

function eventConfig<T extends EventType>(
  distribution: Distribution,
  eventType: T,
  requestId: string,
): EventConfig & { readonly eventType: T } {
  return { ...distribution, eventType, requestId };
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

const eventOrigins = new WeakMap<OriginConfig, Origin>();

/**
 * The `origin` field for a configured origin, built once per origin (every miss needs it):
 * shared, so callers copy it before handing it to a function.
 */
export function configuredEventOrigin(name: string, config: OriginConfig): Readonly<Origin> {
  let origin = eventOrigins.get(config);
  if (!origin) {
    origin = eventOrigin(name, config);
    eventOrigins.set(config, origin);
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
        readTimeout: Math.ceil((config.timeoutMs ?? 30_000) / 1000),
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
        // No `region`: the guide requires one only with an origin access identity (facts §2.3).
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
      readTimeout: 30,
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
  /** `Via` value naming this edge, e.g. `1.1 abc.cloudfront.net (CloudFront)`. */
  viaHost: string;
}

/**
 * The request the origin side sees: the viewer request after viewer-request, forwarded as an
 * AllViewerExceptHostHeader origin request policy would (every viewer header and query
 * string, Host set to the origin), plus what CloudFront adds. CloudFront-* headers overwrite
 * any the viewer sent (facts §3).
 */
export function toOriginRequest(
  request: ViewerRequest,
  origin: Origin,
  viewer: ViewerFacts,
): OriginRequest {
  const headers: Headers = cloneHeaders(request.headers);
  const domain = origin.custom?.domainName ?? origin.s3?.domainName ?? 'origin';
  setHeader(headers, 'host', domain);
  const device = detectDevice(viewer.userAgent);
  setHeader(headers, 'cloudfront-viewer-country', viewer.country, 'CloudFront-Viewer-Country');
  setHeader(
    headers,
    'cloudfront-is-mobile-viewer',
    String(device.mobile),
    'CloudFront-Is-Mobile-Viewer',
  );
  setHeader(
    headers,
    'cloudfront-is-tablet-viewer',
    String(device.tablet),
    'CloudFront-Is-Tablet-Viewer',
  );
  setHeader(
    headers,
    'cloudfront-is-smarttv-viewer',
    String(device.smartTv),
    'CloudFront-Is-SmartTV-Viewer',
  );
  setHeader(
    headers,
    'cloudfront-is-desktop-viewer',
    String(device.desktop),
    'CloudFront-Is-Desktop-Viewer',
  );
  setHeader(headers, 'cloudfront-forwarded-proto', viewer.protocol, 'CloudFront-Forwarded-Proto');
  const forwardedFor = headers['x-forwarded-for']?.[0]?.value;
  setHeader(
    headers,
    'x-forwarded-for',
    forwardedFor ? `${forwardedFor}, ${viewer.clientIp}` : viewer.clientIp,
    'X-Forwarded-For',
  );
  const via = headers.via?.[0]?.value;
  const ownVia = `${viewer.httpVersion} ${viewer.viaHost}`;
  setHeader(headers, 'via', via ? `${via}, ${ownVia}` : ownVia, 'Via');
  const originRequest: OriginRequest = {
    clientIp: request.clientIp,
    method: request.method,
    uri: request.uri,
    querystring: request.querystring,
    headers,
    origin: structuredClone(origin),
  };
  if (request.body) originRequest.body = { ...request.body };
  return originRequest;
}

/** A request as the response events see it: the same fields, without the body. */
export function responseEventRequest(request: ViewerRequest | OriginRequest): ResponseEventRequest {
  const copy: ResponseEventRequest = {
    clientIp: request.clientIp,
    method: request.method,
    uri: request.uri,
    querystring: request.querystring,
    headers: cloneHeaders(request.headers),
    ...('origin' in request && request.origin ? { origin: structuredClone(request.origin) } : {}),
  };
  return copy;
}
