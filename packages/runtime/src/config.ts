/**
 * The shape of `edge.config.ts`: the distribution as the owner describes it. The local
 * pipeline, the build, the size check and deploy all read this one object.
 */
import type { EventType } from '@edge-app/events';
import type { NodeRuntime } from './invoke/node-runtime.ts';

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

/** An HTTP(S) origin: requests are proxied to this base URL. */
export interface UrlOrigin {
  url: string;
  /** How long to wait for the origin before CloudFront's 504, ms. */
  timeoutMs?: number;
}
/** A static directory served as an S3-like origin. */
export interface DirectoryOrigin {
  dir: string;
}
/** An in-process origin, for tests. */
export interface HandlerOrigin {
  handler: (request: OriginHttpRequest) => OriginHttpResponse | Promise<OriginHttpResponse>;
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

export interface CacheSettings {
  /** Seconds. CloudFront's defaults: 0, 86400, 31536000. */
  minTTL?: number;
  defaultTTL?: number;
  maxTTL?: number;
  /** Query strings in the cache key (and forwarded to origin events). */
  queryStrings?: 'none' | 'all' | string[];
  /** Headers in the cache key, lower case. */
  headers?: string[];
  /** Cookies in the cache key. */
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
  /** Key in `origins`; defaults to `default`. */
  origin?: string;
  /** At most one function per event type, as CloudFront allows. */
  functions?: Partial<Record<EventType, string | FunctionAssociation>>;
  cache?: CacheSettings;
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

export interface EdgeConfig {
  /** Limit profile; `strict` unless set. */
  profile?: LimitProfileName;
  limits?: LimitOverrides;
  /** `error` fails like CloudFront (502/503); `warn` reports and lets the result through. */
  validation?: 'error' | 'warn';
  origins: Record<string, OriginConfig>;
  defaultBehavior: Omit<BehaviorConfig, 'pathPattern'>;
  /** Ordered: the first matching pattern wins, as in CloudFront. */
  behaviors?: BehaviorConfig[];
  functions?: Record<string, FunctionSettings>;
  stages?: Record<string, StageConfig>;
  dev?: {
    port?: number;
    /** Country code for `CloudFront-Viewer-Country`; a `x-edge-viewer-country` request header overrides it. */
    viewerCountry?: string;
    pop?: string;
  };
}

/** Identity helper that gives `edge.config.ts` its types. */
export function defineConfig(config: EdgeConfig): EdgeConfig {
  return config;
}
