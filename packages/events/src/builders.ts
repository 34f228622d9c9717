/**
 * Builders: a complete event CloudFront could send, from the few fields a test cares about.
 * Defaults are the values of the Developer Guide's example events
 * (docs/cloudfront-rules.md#event-envelope), so a bare `originRequest()` equals the guide's
 * origin-request example.
 */
import { STATUS_CODES } from 'node:http';
import { type BodyInit, bodyBytes, EXPOSED_BODY_BYTES, exposeBody } from './body.ts';
import { type HeadersInit, hasHeader, setHeader, toHeaders } from './headers.ts';
import { type QueryEntries, type QueryRecord, stringifyQuery } from './query.ts';
import type {
  CustomOrigin,
  EventConfig,
  EventType,
  Headers,
  HttpMethod,
  OriginRequest,
  OriginRequestEvent,
  OriginResponseEvent,
  RequestBody,
  RequestEventType,
  Response,
  S3Origin,
  ViewerRequest,
  ViewerRequestEvent,
  ViewerResponseEvent,
} from './types.ts';

/**
 * The values of the Developer Guide's example events (lambda-event-structure; the S3 origin
 * from its 2019 request example), used where a field is not given.
 */
export const GUIDE_EXAMPLE = {
  distributionDomainName: 'd111111abcdef8.cloudfront.net',
  distributionId: 'EDFDVBD6EXAMPLE',
  requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==',
  clientIp: '203.0.113.178',
  originDomain: 'example.org',
  via: '2.0 2afae0d44e2540f472c0635ab62c232b.cloudfront.net (CloudFront)',
  s3Domain: 'my-bucket.s3.amazonaws.com',
  s3Region: 'us-east-1',
} as const;

export interface ConfigInit {
  distributionDomainName?: string;
  distributionId?: string;
  /** Give each event its own when several are compared or logged. */
  requestId?: string;
}

/** The request fields every event carries. */
export interface RequestInit {
  /** Default `/`. A `?` in it is split off into the query string. */
  uri?: string;
  /** Raw (`a=1&b=2`) or parameters to encode; default none. */
  querystring?: string | QueryRecord | QueryEntries;
  /** Default `GET`. */
  method?: HttpMethod;
  /** Default `203.0.113.178` (the guide's example). */
  clientIp?: string;
  /** What the function sees; overrides the headers CloudFront would add. */
  headers?: HeadersInit;
}

interface WithBody {
  /** A body as the viewer sent it; the event exposes it as IncludeBody does. */
  body?: BodyInit;
  /** Expose an (empty) body even when `body` is absent, as an IncludeBody association does. */
  includeBody?: boolean;
  /** Bytes exposed before truncation; default {@link EXPOSED_BODY_BYTES} of the event type. */
  bodyLimitBytes?: number;
}

export interface ViewerRequestInit extends RequestInit, WithBody {
  config?: ConfigInit;
}

type CustomOriginInit = Partial<Omit<CustomOrigin, 'customHeaders'>> & {
  customHeaders?: HeadersInit;
};
type S3OriginInit = {
  domainName?: string;
  path?: string;
  customHeaders?: HeadersInit;
} & ({ authMethod?: 'origin-access-identity'; region?: string } | { authMethod: 'none' });
/** A custom origin (the default) or an S3 one; unset fields get the guide's example values. */
export type OriginInit = { custom: CustomOriginInit } | { s3: S3OriginInit };

export interface OriginRequestInit extends ViewerRequestInit {
  origin?: OriginInit;
}

export interface ResponseInit {
  /** Default 200; a number or a numeric string, 100–599. */
  status?: number | string;
  /** Default: the standard reason phrase of the status. */
  statusDescription?: string;
  headers?: HeadersInit;
  config?: ConfigInit;
}
export interface OriginResponseInit extends ResponseInit {
  /** The request that went to the origin, as in {@link originRequest}. */
  request?: Omit<OriginRequestInit, 'config' | keyof WithBody>;
}
export interface ViewerResponseInit extends ResponseInit {
  /** The viewer's request, as in {@link viewerRequest}. */
  request?: Omit<ViewerRequestInit, 'config' | keyof WithBody>;
}

function config<T extends EventType>(
  eventType: T,
  init: ConfigInit | undefined,
): EventConfig & { eventType: T } {
  return {
    distributionDomainName: init?.distributionDomainName ?? GUIDE_EXAMPLE.distributionDomainName,
    distributionId: init?.distributionId ?? GUIDE_EXAMPLE.distributionId,
    eventType,
    requestId: init?.requestId ?? GUIDE_EXAMPLE.requestId,
  };
}

function uriAndQuery(init: RequestInit): { uri: string; querystring: string } {
  const given = init.uri ?? '/';
  const mark = given.indexOf('?');
  if (mark >= 0 && init.querystring !== undefined) {
    throw new TypeError(
      `uri ${JSON.stringify(given)} has a query string and querystring is given too: put the query in one of them.`,
    );
  }
  const uri = mark >= 0 ? given.slice(0, mark) : given;
  if (!uri.startsWith('/')) {
    throw new TypeError(
      `uri must start with "/" (CloudFront's rule), got ${JSON.stringify(given)}.`,
    );
  }
  const query = mark >= 0 ? given.slice(mark + 1) : (init.querystring ?? '');
  const querystring = typeof query === 'string' ? query.replace(/^\?/, '') : stringifyQuery(query);
  return { uri, querystring };
}

function withDefaults(headers: Headers, defaults: Readonly<Record<string, string>>): Headers {
  let result = headers;
  for (const [name, value] of Object.entries(defaults)) {
    if (!hasHeader(result, name)) result = setHeader(result, name, value);
  }
  return result;
}

function requestBody(eventType: RequestEventType, init: WithBody): RequestBody | undefined {
  if (init.body === undefined && !init.includeBody) return undefined;
  return exposeBody(init.body ?? '', init.bodyLimitBytes ?? EXPOSED_BODY_BYTES[eventType]);
}

function bodyHeaders(init: WithBody): Record<string, string> {
  const length = init.body === undefined ? 0 : bodyBytes(init.body).length;
  return length > 0 ? { 'content-length': String(length) } : {};
}

function viewerSideRequest(init: ViewerRequestInit, domain: string): ViewerRequest {
  const headers = withDefaults(toHeaders(init.headers), { host: domain, ...bodyHeaders(init) });
  const body = requestBody('viewer-request', init);
  return {
    clientIp: init.clientIp ?? GUIDE_EXAMPLE.clientIp,
    headers,
    method: init.method ?? 'GET',
    ...uriAndQuery(init),
    ...(body && { body }),
  };
}

function origin(init: OriginInit | undefined): OriginRequest['origin'] {
  if (init && 's3' in init) {
    const { customHeaders, ...s3 } = init.s3;
    const fields = {
      customHeaders: toHeaders(customHeaders),
      domainName: s3.domainName ?? GUIDE_EXAMPLE.s3Domain,
      path: s3.path ?? '',
    };
    const s3Origin: S3Origin =
      s3.authMethod === 'none'
        ? { authMethod: 'none', ...fields }
        : {
            authMethod: 'origin-access-identity',
            ...fields,
            region: s3.region ?? GUIDE_EXAMPLE.s3Region,
          };
    return { s3: s3Origin };
  }
  const { customHeaders, ...custom } = init?.custom ?? {};
  const protocol = custom.protocol ?? 'https';
  return {
    custom: {
      customHeaders: toHeaders(customHeaders),
      domainName: GUIDE_EXAMPLE.originDomain,
      keepaliveTimeout: 5,
      path: '',
      port: protocol === 'https' ? 443 : 80,
      protocol,
      readTimeout: 30,
      sslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
      ...definedOnly(custom),
    },
  };
}

function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

function originSideRequest(init: OriginRequestInit): OriginRequest {
  const selected = origin(init.origin);
  const clientIp = init.clientIp ?? GUIDE_EXAMPLE.clientIp;
  // What CloudFront adds on the way to the origin, per the guide's origin-request example (docs/cloudfront-rules.md#event-request-fields).
  const headers = withDefaults(toHeaders(init.headers), {
    'x-forwarded-for': clientIp,
    'user-agent': 'Amazon CloudFront',
    via: GUIDE_EXAMPLE.via,
    host: (selected.custom ?? selected.s3).domainName,
    ...bodyHeaders(init),
  });
  const body = requestBody('origin-request', init);
  return {
    clientIp,
    headers,
    method: init.method ?? 'GET',
    origin: selected,
    ...uriAndQuery(init),
    ...(body && { body }),
  };
}

function response(init: ResponseInit): Response {
  const status = Number(init.status ?? 200);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new RangeError(
      `status must be an HTTP status code from 100 to 599, got ${JSON.stringify(init.status)}.`,
    );
  }
  return {
    headers: toHeaders(init.headers),
    status: String(status),
    statusDescription: init.statusDescription ?? STATUS_CODES[status] ?? '',
  };
}

/** A viewer-request event: the request as the viewer sent it, `host` = the distribution. */
export function viewerRequest(init: ViewerRequestInit = {}): ViewerRequestEvent {
  const cfConfig = config('viewer-request', init.config);
  return {
    Records: [
      {
        cf: { config: cfConfig, request: viewerSideRequest(init, cfConfig.distributionDomainName) },
      },
    ],
  };
}

/** An origin-request event: the request with CloudFront's origin-facing headers and the origin. */
export function originRequest(init: OriginRequestInit = {}): OriginRequestEvent {
  return {
    Records: [
      { cf: { config: config('origin-request', init.config), request: originSideRequest(init) } },
    ],
  };
}

/** An origin-response event: the origin's status and headers, and the request sent to it. */
export function originResponse(init: OriginResponseInit = {}): OriginResponseEvent {
  return {
    Records: [
      {
        cf: {
          config: config('origin-response', init.config),
          request: originSideRequest(init.request ?? {}),
          response: response(init),
        },
      },
    ],
  };
}

/** A viewer-response event: the response about to go to the viewer, and the viewer's request. */
export function viewerResponse(init: ViewerResponseInit = {}): ViewerResponseEvent {
  const cfConfig = config('viewer-response', init.config);
  return {
    Records: [
      {
        cf: {
          config: cfConfig,
          request: viewerSideRequest(init.request ?? {}, cfConfig.distributionDomainName),
          response: response(init),
        },
      },
    ],
  };
}
