/**
 * The Lambda@Edge event and result model.
 *
 * Shapes follow the CloudFront Developer Guide, "Lambda@Edge event structure"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html)
 * and stay assignable to and from the CloudFront types of `@types/aws-lambda`.
 * What differs by event type is spelled out in the types: only origin-request has a writable
 * `origin`, only response events carry `response`, `status` is a string.
 */

/** The four CloudFront events a Lambda@Edge function can be associated with. */
export type EventType = 'viewer-request' | 'origin-request' | 'origin-response' | 'viewer-response';
export const EVENT_TYPES: readonly EventType[] = [
  'viewer-request',
  'origin-request',
  'origin-response',
  'viewer-response',
];
export type RequestEventType = 'viewer-request' | 'origin-request';
export type ResponseEventType = 'origin-response' | 'viewer-response';

/** One header line. `key` keeps the spelling on the wire; CloudFront title-cases it when absent. */
export interface HeaderEntry {
  key?: string | undefined;
  value: string;
}

/** Headers keyed by lower-case name; each name maps to every line with that name, in order. */
export type Headers = Record<string, HeaderEntry[]>;

/** Read-only, set by CloudFront in every event. */
export interface EventConfig {
  /** e.g. `d111111abcdef8.cloudfront.net` */
  readonly distributionDomainName: string;
  /** The JSON spelling; the guide's prose says `distributionID`. */
  readonly distributionId: string;
  readonly eventType: EventType;
  /** The same value CloudFront logs as `x-edge-request-id`. */
  readonly requestId: string;
}

/** The request body, present only when the association has IncludeBody. */
export interface RequestBody {
  /** True when the viewer's body was larger than the limit and CloudFront cut it. */
  inputTruncated: boolean;
  /** `read-only` (default): changes are ignored. `replace`: `data` replaces the body. */
  action: 'read-only' | 'replace';
  /** CloudFront always exposes the body as base64. */
  encoding: 'base64' | 'text';
  data: string;
}

/** Fields of a custom (HTTP) origin; all writable in origin-request. */
export interface CustomOrigin {
  customHeaders: Headers;
  /** At most 253 characters, no colon, not an IP address. */
  domainName: string;
  /** Seconds, 1–60 (1–120 in the latest quotas page). */
  keepaliveTimeout: number;
  /** URL-encoded, at most 255 characters; `""` for none. */
  path: string;
  /** 80, 443 or 1024–65535. */
  port: number;
  protocol: 'http' | 'https';
  /** Seconds, 4–60 (1–120 in the latest quotas page). */
  readTimeout: number;
  sslProtocols: string[];
}

/** Fields of an S3 origin; all writable in origin-request. */
export interface S3Origin {
  authMethod: 'origin-access-identity' | 'none';
  customHeaders: Headers;
  /** At most 128 characters, lower case. */
  domainName: string;
  path: string;
  /** Required when authMethod is `origin-access-identity`. */
  region: string;
}

/** Exactly one of `custom` or `s3`. */
export type Origin = { custom: CustomOrigin; s3?: never } | { s3: S3Origin; custom?: never };

/** The request as viewer-request sees it (no origin yet). */
export interface ViewerRequest {
  /** IP of the viewer, or of the proxy it came through. */
  readonly clientIp: string;
  readonly method: string;
  /** Must start with `/`. Changing it does not re-select the cache behavior. */
  uri: string;
  /** Raw query string without `?`; `""` when absent. */
  querystring: string;
  headers: Headers;
  body?: RequestBody;
}

/** The request as origin-request sees it: the same plus the selected origin. */
export interface OriginRequest extends ViewerRequest {
  origin: Origin;
}

/** A request as response events see it: readable, not writable. */
export interface ResponseEventRequest {
  readonly clientIp: string;
  readonly method: string;
  readonly uri: string;
  readonly querystring: string;
  readonly headers: Headers;
  readonly origin?: Origin;
}

/** A response as origin-response and viewer-response see it (no body exposed). */
export interface Response {
  /** A string, e.g. `"200"`. viewer-response may not change it. */
  status: string;
  statusDescription?: string;
  headers: Headers;
}

/** A response a request function generates instead of forwarding the request. */
export interface GeneratedResponse {
  /** `"200"`–`"599"`. AWS's own examples pass numbers; see the runtime's status rule. */
  status: string | number;
  statusDescription?: string;
  headers?: Headers;
  body?: string;
  /** Defaults to `text` when a body is present. */
  bodyEncoding?: 'text' | 'base64';
}

/** What an origin-response or viewer-response function may return. */
export interface ResultResponse extends Response {
  /** Setting it replaces the origin's body; leaving it out passes the body through. */
  body?: string;
  bodyEncoding?: 'text' | 'base64';
}

interface EventEnvelope<Cf> {
  Records: [{ cf: Cf }];
}

export type ViewerRequestEvent = EventEnvelope<{
  config: EventConfig & { readonly eventType: 'viewer-request' };
  request: ViewerRequest;
}>;
export type OriginRequestEvent = EventEnvelope<{
  config: EventConfig & { readonly eventType: 'origin-request' };
  request: OriginRequest;
}>;
export type OriginResponseEvent = EventEnvelope<{
  config: EventConfig & { readonly eventType: 'origin-response' };
  request: ResponseEventRequest;
  response: Response;
}>;
export type ViewerResponseEvent = EventEnvelope<{
  config: EventConfig & { readonly eventType: 'viewer-response' };
  request: ResponseEventRequest;
  response: Response;
}>;

export interface EventByType {
  'viewer-request': ViewerRequestEvent;
  'origin-request': OriginRequestEvent;
  'origin-response': OriginResponseEvent;
  'viewer-response': ViewerResponseEvent;
}
export type AnyEvent = EventByType[EventType];

/** What a function associated with each event type may return. */
export interface ResultByType {
  'viewer-request': ViewerRequest | GeneratedResponse;
  'origin-request': OriginRequest | GeneratedResponse;
  'origin-response': ResultResponse;
  'viewer-response': ResultResponse;
}

/** The Lambda context object, as the Node.js runtime passes it. */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

export type Callback<R> = (error?: Error | string | null, result?: R) => void;

/** An async handler, or a callback handler (removed in the nodejs24.x runtime). */
export type Handler<T extends EventType> =
  | ((event: EventByType[T], context: LambdaContext) => Promise<ResultByType[T]>)
  | ((event: EventByType[T], context: LambdaContext, callback: Callback<ResultByType[T]>) => void);

export type ViewerRequestHandler = Handler<'viewer-request'>;
export type OriginRequestHandler = Handler<'origin-request'>;
export type OriginResponseHandler = Handler<'origin-response'>;
export type ViewerResponseHandler = Handler<'viewer-response'>;
