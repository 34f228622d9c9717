/**
 * The shape of `edge.config.ts`: the distribution as the owner describes it, in CloudFront's own
 * vocabulary (the API's field names in camelCase). The local pipeline, the build, the size check
 * and deploy all read this one object; `validateConfig` (config-check/) checks it on load.
 * Where a field is left out, the value is CloudFront's default (the console's, where the API has
 * none), as each field's comment says.
 */
import type { EventType } from '@edge-app/events';
import type { NodeRuntime } from './invoke/node-runtime.ts';
import type {
  CachePolicy,
  HttpMethod,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
} from './policy-config.ts';

export type * from './policy-config.ts';

/** `strict`: what CloudFront has enforced for years. `latest`: the newest documentation. */
export type LimitProfileName = 'strict' | 'latest';

/** Per-event-type limits; any value overrides the profile's. */
export interface EventLimits {
  timeoutSeconds: number;
  memoryMB: number;
  /** Zipped code size, bytes. */
  zipBytes: number;
  /** Generated response, headers and body, bytes. */
  generatedResponseBytes: number;
  /** Request body exposed with IncludeBody before CloudFront truncates it, bytes. */
  bodyBytes: number;
  /** Body a request function may return as text / base64, bytes. */
  textBodyBytes: number;
  base64BodyBytes: number;
}

export type LimitOverrides = Partial<Record<EventType, Partial<EventLimits>>>;

/** What every origin may set (DG: DownloadDistValuesOrigin). */
export interface OriginSettings {
  /** 1-3, default 3: how often CloudFront tries to connect, and retries a GET or HEAD that timed out. */
  connectionAttempts?: number;
  /** Seconds, 1-10, default 10: how long one connection attempt may take. */
  connectionTimeout?: number;
  /** Headers CloudFront adds to every request to this origin (the origin's custom headers). */
  customHeaders?: Record<string, string>;
}

/** An HTTP(S) origin (a custom origin): requests are proxied to this base URL. */
export interface UrlOrigin extends OriginSettings {
  url: string;
  /** Seconds, 1-120, default 30: the origin response (read) timeout. */
  originReadTimeout?: number;
  /** Milliseconds: the response timeout as older configs wrote it; use `originReadTimeout`. */
  timeoutMs?: number;
}
/** A local directory served as an S3 REST origin behind origin access control. */
export interface DirectoryOrigin extends OriginSettings {
  dir: string;
  /**
   * Whether CloudFront may list the bucket (`s3:ListBucket`). Without it, the default, S3
   * answers a missing key with 403 AccessDenied, as a read-only OAC bucket does; with it, 404.
   */
  listable?: boolean;
}
/** An in-process origin, for tests. A thrown error counts as a failed connection attempt. */
export interface HandlerOrigin extends OriginSettings {
  handler: (request: OriginHttpRequest) => OriginHttpResponse | Promise<OriginHttpResponse>;
  /** Seconds, default 30, as `originReadTimeout` of a URL origin. */
  originReadTimeout?: number;
}
export type OriginConfig = UrlOrigin | DirectoryOrigin | HandlerOrigin;

export interface OriginHttpRequest {
  method: string;
  /** Path and query string, e.g. `/a?b=1`. */
  url: string;
  headers: Record<string, string | string[]>;
  body: Uint8Array;
}
export interface OriginHttpResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array;
}

/**
 * Two origins that stand in for each other (DG: high_availability_origin_failover). Its name is
 * used wherever an origin name is.
 */
export interface OriginGroupConfig {
  /** The primary, then the secondary: names in `origins`. */
  members: [string, string];
  /** Statuses from the primary that make CloudFront try the secondary. */
  failoverCriteria: { statusCodes: number[] };
}

/**
 * A behavior's legacy cache settings (`ForwardedValues`, `MinTTL`, `DefaultTTL`, `MaxTTL`;
 * docs/cloudfront-rules.md#legacy-cache-settings), used instead of a cache policy.
 */
export interface CacheSettings {
  /** Seconds. CloudFront's defaults: 0, 86400, 31536000. */
  minTTL?: number;
  defaultTTL?: number;
  maxTTL?: number;
  /**
   * Query strings: `none` (default) forwards none; `all` forwards and keys on all; a list forwards
   * all but keys on those.
   */
  queryStrings?: 'none' | 'all' | string[];
  /** Headers forwarded and in the cache key; `['*']` forwards all and turns caching off. */
  headers?: string[];
  /** Cookies forwarded and in the cache key. */
  cookies?: 'none' | 'all' | string[];
}

export interface FunctionAssociation {
  /** The function's package name under `packages/`. */
  function: string;
  /** Only for request events: expose the request body to the function. */
  includeBody?: boolean;
}

export interface BehaviorConfig {
  /** CloudFront path pattern, e.g. `/api/*`. The default behavior has none. */
  pathPattern: string;
  /** A key of `origins` or `originGroups`; defaults to `default`. */
  origin?: string;
  /** At most one function per event type, as CloudFront allows. */
  functions?: Partial<Record<EventType, string | FunctionAssociation>>;
  /** A managed cache policy by name, or an inline one. Default `CachingOptimized`. */
  cachePolicy?: CachePolicy;
  /** Needs a `cachePolicy`. Default none: only what the cache policy keys on is forwarded. */
  originRequestPolicy?: OriginRequestPolicy;
  /** Default none. */
  responseHeadersPolicy?: ResponseHeadersPolicy;
  /** Legacy cache settings instead of `cachePolicy`; see CacheSettings. */
  cache?: CacheSettings;
  /** `['GET', 'HEAD']` (default), `[... 'OPTIONS']`, or all seven methods. */
  allowedMethods?: HttpMethod[];
  /** `['GET', 'HEAD']` (default) or `['GET', 'HEAD', 'OPTIONS']`. */
  cachedMethods?: HttpMethod[];
  /** Compress objects automatically (gzip/Brotli as the cache policy allows). Default true. */
  compress?: boolean;
  /** Default `allow-all`. */
  viewerProtocolPolicy?: 'allow-all' | 'redirect-to-https' | 'https-only';
}

/** What CloudFront returns instead of an origin's error (DG: GeneratingCustomErrorResponses). */
export interface CustomErrorResponse {
  /** 400, 403, 404, 405, 414, 416, 500, 501, 502, 503 or 504. */
  errorCode: number;
  /** The page to return, fetched through the behavior its path matches; starts with `/`. */
  responsePagePath?: string;
  /** The status sent with the page: 200 or one of the error codes. Needs `responsePagePath`. */
  responseCode?: number;
  /** Seconds the error (or page) stays cached; default 10. */
  errorCachingMinTTL?: number;
}

export interface FunctionSettings {
  /**
   * The Lambda runtime of a Node.js function, `nodejs22.x` when absent. `edge dev` and tests
   * run its containers on that Node.js version.
   */
  runtime?: NodeRuntime;
  /** Origin events only; viewer events are fixed at 128 MB under `strict`. */
  memoryMB?: number;
  timeoutSeconds?: number;
  /** Size budgets below the Lambda@Edge limit, for cold-start hygiene. */
  budget?: { bundleBytes?: number; zipBytes?: number };
}

export interface StageConfig {
  /** The CloudFront distribution to associate the functions with. */
  distributionId?: string;
  /** Execution role; created when absent. */
  roleArn?: string;
  /** Prefix for the Lambda function names, e.g. `my-app-prod-`. */
  functionNamePrefix?: string;
  /** Build-time values: Lambda@Edge has no environment variables. */
  define?: Record<string, string | number | boolean>;
}

/**
 * Behavior AWS does not document, decided one way by default (docs/cloudfront-rules.md cites each);
 * switch one when your distribution shows the other.
 */
export interface UndocumentedBehavior {
  /** A HEAD request is answered from a cached GET of the same object. Default true. */
  headServedFromCachedGet?: boolean;
  /** origin-response runs on the 502/504 CloudFront makes when the origin never answered. Default false. */
  originResponseOnOriginFailure?: boolean;
}

export interface DevSettings {
  port?: number;
  /** Country code for `CloudFront-Viewer-Country`; a `x-edge-viewer-country` request header overrides it. */
  viewerCountry?: string;
  pop?: string;
  /**
   * The protocol viewers of the plain-HTTP dev server are taken to use, default `https` (as on a
   * distribution viewers reach over TLS); a `x-edge-viewer-protocol` request header overrides it.
   */
  viewerProtocol?: 'http' | 'https';
  undocumented?: UndocumentedBehavior;
}

export interface EdgeConfig {
  /** Limit profile; `strict` unless set. */
  profile?: LimitProfileName;
  limits?: LimitOverrides;
  /** `error` fails like CloudFront (502/503); `warn` reports and lets the result through. */
  validation?: 'error' | 'warn';
  origins: Record<string, OriginConfig>;
  /** Origin groups, by name; a behavior names one like an origin. */
  originGroups?: Record<string, OriginGroupConfig>;
  defaultBehavior: Omit<BehaviorConfig, 'pathPattern'>;
  /** Ordered: the first matching pattern wins, as in CloudFront. */
  behaviors?: BehaviorConfig[];
  customErrorResponses?: CustomErrorResponse[];
  /** The object served for a request of `/`, e.g. `index.html` (no leading slash). Default none. */
  defaultRootObject?: string;
  functions?: Record<string, FunctionSettings>;
  stages?: Record<string, StageConfig>;
  dev?: DevSettings;
}

/** Identity helper that gives `edge.config.ts` its types. */
export function defineConfig(config: EdgeConfig): EdgeConfig {
  return config;
}
