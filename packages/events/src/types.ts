/**
 * The Lambda@Edge event and result model.
 *
 * Shapes follow the CloudFront Developer Guide, "Lambda@Edge event structure"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html,
 * summarised in docs/cloudfront-rules.md#event-envelope) and stay assignable to and from the
 * CloudFront types of `@types/aws-lambda`; test/types.test-d.ts pins both directions and says where
 * they cannot meet. What differs by event type is spelled out in the types: only origin-request has
 * a writable `origin`, only response events carry `response`, `status` is a string, the request
 * seen by response events is read-only.
 */

/**
 * The four CloudFront events a Lambda@Edge function can be associated with. @see
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-cloudfront-trigger-events.html
 */
export type EventType = 'viewer-request' | 'origin-request' | 'origin-response' | 'viewer-response';
export const EVENT_TYPES: readonly EventType[] = [
  'viewer-request',
  'origin-request',
  'origin-response',
  'viewer-response',
];
export type RequestEventType = 'viewer-request' | 'origin-request';
export type ResponseEventType = 'origin-response' | 'viewer-response';

/**
 * Methods CloudFront forwards, named for completion. Any other string stays accepted, because
 * `@types/aws-lambda` and real events type the method as a plain string. @see
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request
 */
export type HttpMethod =
  | 'GET'
  | 'HEAD'
  | 'POST'
  | 'PUT'
  | 'PATCH'
  | 'OPTIONS'
  | 'DELETE'
  | (string & {});

/** One header line. `key` keeps the spelling on the wire; CloudFront title-cases it when absent. */
export interface HeaderEntry {
  /** Header name as sent, e.g. `Content-Type`; CloudFront title-cases it when absent. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  key?: string | undefined;
  /** The value, passed as UTF-8 (docs/cloudfront-rules.md#header-encoding). https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  value: string;
}

/** Headers keyed by lower-case name; each name maps to every line with that name, in order. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
export type Headers = Record<string, HeaderEntry[]>;
/** Headers that a helper only reads. */
export type ReadonlyHeaders = { readonly [name: string]: readonly HeaderEntry[] };

/** Read-only, set by CloudFront in every event. See docs/cloudfront-rules.md#event-config. */
export interface EventConfig {
  /** The distribution's domain, e.g. `d111111abcdef8.cloudfront.net`. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-config */
  readonly distributionDomainName: string;
  /** e.g. `EDFDVBD6EXAMPLE`; the guide's prose spells it `distributionID`, its JSON does not. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-config */
  readonly distributionId: string;
  /** Which trigger this event is for. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-config */
  readonly eventType: EventType;
  /** Encrypted request ID, logged by CloudFront as `x-edge-request-id`. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-config */
  readonly requestId: string;
}

/**
 * The request body, present only when the association has IncludeBody;
 * docs/cloudfront-rules.md#request-body. @see
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-include-body-access.html
 */
export interface RequestBody {
  /** True when the body was larger than the limit (40 KB viewer, 1 MB origin) and cut. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  readonly inputTruncated: boolean;
  /** `read-only` (default): changes are ignored; `replace`: `data` replaces the body. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  action: 'read-only' | 'replace';
  /** CloudFront exposes the body as base64; a replacement may be `text`. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  encoding: 'base64' | 'text';
  /** The body content, in `encoding`. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  data: string;
}

/** TLS versions CloudFront may use towards a custom origin; docs/cloudfront-rules.md#origin-fields. */
export type SslProtocol = 'TLSv1.2' | 'TLSv1.1' | 'TLSv1' | 'SSLv3';

/** Fields of a custom (HTTP) origin; all writable in origin-request. @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html */
export interface CustomOrigin {
  /** Headers CloudFront adds towards the origin; must not repeat a request header. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  customHeaders: Headers;
  /** Origin host: at most 253 characters, no colon, not an IP address. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  domainName: string;
  /** Seconds, 1–60 (1–120 in the latest quotas page). https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  keepaliveTimeout: number;
  /** Path prefix at the origin, URL-encoded, at most 255 characters; `""` for none. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  path: string;
  /** 80, 443 or 1024–65535. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  port: number;
  /** Protocol towards the origin. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  protocol: 'http' | 'https';
  /** Seconds, 4–60 (1–120 in the latest quotas page). https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  readTimeout: number;
  /**
   * Some of {@link SslProtocol}. Typed as strings too, since `@types/aws-lambda` does; the
   * runtime's validation checks the values.
   * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request
   */
  sslProtocols: Array<SslProtocol | (string & {})>;
}

interface S3OriginFields {
  /** Headers CloudFront adds towards the bucket. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  customHeaders: Headers;
  /** The bucket's domain, at most 128 characters, lower case. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  domainName: string;
  /** Folder in the bucket, `""` for none. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  path: string;
}
/** An S3 origin reached with an origin access identity: the bucket's Region is required. */
export interface S3OriginWithIdentity extends S3OriginFields {
  /** https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  authMethod: 'origin-access-identity';
  /** The bucket's Region, e.g. `us-east-1`; required with OAI. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  region: string;
}
/**
 * A public S3 origin. The guide requires `region` only with OAI; `@types/aws-lambda` forbids it
 * here (`region?: never`), but CloudFront's events may carry it, so it stays allowed.
 */
export interface S3OriginWithoutAuth extends S3OriginFields {
  /** https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  authMethod: 'none';
  /** Not needed without OAI; may be present. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  region?: string | undefined;
}
/** Fields of an S3 origin; all writable in origin-request. @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html */
export type S3Origin = S3OriginWithIdentity | S3OriginWithoutAuth;

/** Exactly one of `custom` or `s3`; an origin-request function may swap one for the other. */
export type Origin =
  | { custom: CustomOrigin; s3?: never | undefined }
  | { s3: S3Origin; custom?: never | undefined };

/** The request as viewer-request sees it: no origin yet. @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html */
export interface ViewerRequest {
  /** IP of the viewer, or of the proxy it came through. Read-only. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  readonly clientIp: string;
  /** The HTTP method. Read-only. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  readonly method: HttpMethod;
  /** Path; must start with `/`. Changing it does not re-select the cache behavior. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  uri: string;
  /** Raw query string without `?`, `""` when absent; see `parseQuery`. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  querystring: string;
  /** Lower-case name → lines; some names are read-only or forbidden (docs/cloudfront-rules.md#read-only-headers). https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  headers: Headers;
  /** Present only with IncludeBody. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  body?: RequestBody | undefined;
}

/** The request as origin-request sees it: the same plus the selected origin, writable. */
export interface OriginRequest extends ViewerRequest {
  /** Where the request goes; writable, custom or S3. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  origin: Origin;
}

/**
 * The request as response events see it: without a body, and read-only ("if the Lambda function
 * modifies the request object, the changes are ignored", 2019 guide; the query string is explicitly
 * read-only in
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html).
 * origin-response events carry the origin; viewer-response ones do not. @see
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#response-event-fields
 */
export interface ResponseEventRequest {
  /** https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  readonly clientIp: string;
  /** https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  readonly method: HttpMethod;
  /** https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  readonly uri: string;
  /** https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  readonly querystring: string;
  /** Mutable arrays only to stay assignable to `@types/aws-lambda`; changes are ignored. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  readonly headers: Headers;
  /** The origin the request went to (origin-response only). https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#request-event-fields-request */
  readonly origin?: Origin | undefined;
}

/**
 * A response as origin-response and viewer-response see it (the body is never exposed). @see
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#lambda-event-structure-response
 */
export interface Response {
  /** A string, e.g. `"200"`; viewer-response may not change it. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#response-event-fields-response */
  status: string;
  /** e.g. `"OK"`; CloudFront always sends it in events. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#response-event-fields-response */
  statusDescription: string;
  /** Writable, except the read-only names of docs/cloudfront-rules.md#read-only-headers. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#response-event-fields-response */
  headers: Headers;
}

/**
 * A response a request function generates instead of forwarding the request;
 * docs/cloudfront-rules.md#generated-responses. @see
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 */
export interface GeneratedResponse {
  /** `"200"`–`"599"`; AWS's own examples pass numbers (see the runtime's status rule). https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html */
  status: string | number;
  /** e.g. `"Found"`. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html */
  statusDescription?: string | undefined;
  /** Same shape as request headers; a missing `key` is title-cased. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html */
  headers?: Headers | undefined;
  /** Counted with the headers against 40 KB (viewer) or 1 MB (origin). https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html */
  body?: string | undefined;
  /** Defaults to `text` when a body is present. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html */
  bodyEncoding?: 'text' | 'base64' | undefined;
}

/**
 * What an origin-response or viewer-response function may return: usually the event's response,
 * changed. @see
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-updating-http-responses.html
 */
export interface ResultResponse {
  /** A string; viewer-response must return the status it received. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-updating-http-responses.html */
  status: string;
  /** https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-updating-http-responses.html */
  statusDescription?: string | undefined;
  /** https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-updating-http-responses.html */
  headers: Headers;
  /** Replaces the origin's body; `""` removes it; absent passes it through. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-updating-http-responses.html */
  body?: string | undefined;
  /** How `body` is encoded; `text` when absent. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-updating-http-responses.html */
  bodyEncoding?: 'text' | 'base64' | undefined;
}

/** Exactly one record, as CloudFront sends it (docs/cloudfront-rules.md#event-envelope). */
interface EventEnvelope<Cf> {
  Records: [{ cf: Cf }];
}

/** @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#example-viewer-request */
export type ViewerRequestEvent = EventEnvelope<{
  config: EventConfig & { readonly eventType: 'viewer-request' };
  request: ViewerRequest;
}>;
/** @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#example-origin-request */
export type OriginRequestEvent = EventEnvelope<{
  config: EventConfig & { readonly eventType: 'origin-request' };
  request: OriginRequest;
}>;
/** @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#lambda-event-structure-response-origin */
export type OriginResponseEvent = EventEnvelope<{
  config: EventConfig & { readonly eventType: 'origin-response' };
  readonly request: ResponseEventRequest;
  response: Response;
}>;
/** @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html#lambda-event-structure-response-viewer */
export type ViewerResponseEvent = EventEnvelope<{
  config: EventConfig & { readonly eventType: 'viewer-response' };
  readonly request: ResponseEventRequest;
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

/** A handler as Lambda's Node.js runtimes call it: async, returning what the trigger allows. */
export type AsyncHandler<T extends EventType> = (
  event: EventByType[T],
  context: LambdaContext,
) => Promise<ResultByType[T]>;

/**
 * The callback style of AWS's older examples. The nodejs24.x runtime removed it
 * (docs/cloudfront-rules.md#handler-styles). TypeScript lets any function that returns a value pass
 * as one (a `void` return accepts anything), so prefer {@link AsyncHandler}, whose result is
 * checked.
 */
export type CallbackHandler<T extends EventType> = (
  event: EventByType[T],
  context: LambdaContext,
  callback: Callback<ResultByType[T]>,
) => void;

/** Either style: what a runtime accepts. */
export type Handler<T extends EventType> = AsyncHandler<T> | CallbackHandler<T>;

/**
 * The handler types to annotate a handler with. They are async, so that `event` is typed from
 * the annotation and the result is checked against what the trigger allows (a union with the
 * callback style would leave `event` untyped and accept any result).
 */
export type ViewerRequestHandler = AsyncHandler<'viewer-request'>;
export type OriginRequestHandler = AsyncHandler<'origin-request'>;
export type OriginResponseHandler = AsyncHandler<'origin-response'>;
export type ViewerResponseHandler = AsyncHandler<'viewer-response'>;
