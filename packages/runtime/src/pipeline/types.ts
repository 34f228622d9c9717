import type { AnyEvent, EventType, Headers } from '@edge-app/events';
import type { EdgeConfig } from '../config.ts';
import type { EdgeFunction, ErrorType, InvokeOutcome, LogLine, Violation } from './contract.ts';
import type { OriginFailureKind } from './origins/types.ts';

/** What CloudFront writes in `X-Cache` (`<result> from cloudfront`; docs/cloudfront-rules.md#result-types). */
export type CacheResult =
  | 'Hit'
  | 'RefreshHit'
  | 'Miss'
  | 'LambdaGeneratedResponse'
  | ErrorType
  | 'Error'
  | 'Redirect';

export interface PipelineOptions {
  config: EdgeConfig;
  /** Function name (as used in edge.config.ts) → the function to run. */
  functions: Record<string, EdgeFunction> | ReadonlyMap<string, EdgeFunction>;
  /** Directory that relative `{ dir }` origins resolve against; the current directory if unset. */
  root?: string;
  /** Milliseconds since the epoch; injectable so tests can move time instead of sleeping. */
  now?: () => number;
  /** `false` turns the cache off: every request is a miss. */
  cache?: boolean;
  /** Upper bound on cached objects; the oldest go first. */
  maxCacheEntries?: number;
  distributionDomainName?: string;
  distributionId?: string;
  /**
   * Called once per request with what happened, for logs and dev output, and with the response
   * the viewer got (absent for a background refresh, which answers no viewer).
   */
  onTrace?: (trace: RequestTrace, response?: PipelineResponse) => void;
}

export interface PipelineRequestInit {
  method?: string;
  /** As a client sends them; repeated names as arrays. */
  headers?: Record<string, string | string[]> | Array<[string, string]>;
  body?: string | Uint8Array;
  /** Viewer address CloudFront reports as `clientIp`; `127.0.0.1` if unset. */
  clientIp?: string;
  /** The viewer's source port, for `CloudFront-Viewer-Address`. */
  clientPort?: number;
  /**
   * The protocol the viewer used: this, else an `x-edge-viewer-protocol` header, else
   * `dev.viewerProtocol`, else `https`. Feeds the viewer protocol policy and
   * `CloudFront-Forwarded-Proto`.
   */
  protocol?: 'http' | 'https';
  /** HTTP version of the viewer connection, for the `Via` header of origin requests. */
  httpVersion?: string;
}

export interface PipelineResponse {
  status: number;
  statusText: string;
  /** Name/value pairs in order, names spelled as they go on the wire; repeats kept. */
  headers: Array<[string, string]>;
  body: Uint8Array;
  cacheResult: CacheResult;
  trace: RequestTrace;
  /** CloudFront closes the viewer's connection after this response (413). */
  closeConnection: boolean;
  /** First value of a header, any case; `undefined` when absent. */
  header(name: string): string | undefined;
  /** Every value of a header, in order. */
  headerValues(name: string): string[];
  text(): string;
}

export type StepName = EventType | 'origin';

export interface TraceStep {
  name: StepName;
  /** Milliseconds from the request's arrival to the start of this step: its place in a waterfall. */
  startMs?: number;
  /**
   * Milliseconds from the request's arrival to the end of this step. For a trigger, the time
   * between start and end holds the handler's `durationMs` and what running it took around that
   * (sending the event, a container's start on a cold start).
   */
  endMs?: number;
  durationMs: number;
  /** The function that ran, for trigger steps. */
  functionName?: string;
  /** Trigger steps on a cold start: starting the container and initializing the module. */
  initDurationMs?: number;
  /** Origin steps: the origin's status, or 0 when it never answered. */
  status?: number;
  /** Origin steps: the origin's name (a member's, within an origin group). */
  origin?: string;
  /** Origin steps: connection attempts made. */
  attempts?: number;
  /** Origin steps that got no answer: how they failed. */
  failure?: OriginFailureKind;
  /** Origin steps: this answer made CloudFront try the group's secondary origin. */
  failedOver?: boolean;
  /** Origin steps: a revalidation (conditional request for an expired object). */
  revalidation?: boolean;
  /** Trigger steps run for a custom error page's fetch. */
  errorPage?: boolean;
  /**
   * Trigger steps: the event the function received and the outcome the runtime reported (the
   * result or the failure, its console output, durations and memory), for the inspector.
   */
  invocation?: { event: AnyEvent; outcome: InvokeOutcome };
  /** Origin steps that got an answer: the origin's response as it arrived. */
  answer?: OriginAnswer;
}

export interface OriginAnswer {
  status: number;
  statusDescription: string;
  headers: Headers;
  body: Uint8Array;
}

/** The viewer's request as it arrived, for showing it and sending it again. */
export interface TraceViewer {
  /** As the viewer sent them, repeats kept. */
  headers: Array<[string, string]>;
  clientIp: string;
  protocol: 'http' | 'https';
  httpVersion: string;
  /** The viewer sent a body (which streams on and is not kept). */
  hasBody: boolean;
}

/** What the cache did for one request. */
export interface TraceCache {
  /** The cache key (newline-separated parts), or undefined when the request was not cacheable. */
  key?: string;
  /**
   * `hit` fresh; `stale` served expired (stale-while-revalidate, stale-if-error, origin error);
   * `refresh` revalidated with a 304; `miss`; `collapsed` onto another request's miss; `bypass`
   * not looked up (method not cached, caching disabled).
   */
  lookup: 'hit' | 'stale' | 'refresh' | 'miss' | 'collapsed' | 'bypass';
  /** Seconds the response was stored for; 0 or absent when it was not stored. */
  storedForSeconds?: number;
  /** Why it was not stored or not looked up, in a few words. */
  reason?: string;
}

export interface TraceError {
  /** The trigger whose function failed, `origin`, or `cloudfront` for a request it refused itself. */
  step: StepName | 'cloudfront';
  functionName?: string;
  /** `OriginDnsError` when the origin's name did not resolve; `OriginError` for other origin failures. */
  errorType: ErrorType | 'OriginError' | 'OriginDnsError' | 'Error';
  rule: string;
  message: string;
  fix: string;
}

export interface RequestTrace {
  requestId: string;
  /** When the request arrived: epoch milliseconds on the pipeline's clock. */
  receivedAt: number;
  method: string;
  /** Path and query string as the viewer sent them. */
  url: string;
  viewer: TraceViewer;
  status: number;
  /** What `X-Cache` says. */
  cacheResult: CacheResult;
  /** Served from the cache (also true for a cached origin error, reported as `Error`). */
  fromCache: boolean;
  /** The path pattern of the behavior that served it; `*` for the default behavior. */
  behavior: string;
  /** The behavior's policies, by managed name or `inline ...`. */
  policies: { cache: string; originRequest?: string; responseHeaders?: string };
  /** The origin or origin group the behavior sends misses to. */
  target: string;
  cache: TraceCache;
  steps: TraceStep[];
  /** CloudFront answered itself without running a function (413, 403, a redirect). */
  refused?: { rule: string; status: number };
  /** A custom error response replaced the error: its page path and the status sent. */
  customError?: { errorCode: number; responsePagePath?: string; responseCode: number };
  /** Observations short of an error, e.g. a header block above 20,480 bytes. */
  notes: Array<{ rule: string; message: string }>;
  error?: TraceError;
  warnings: Array<{ step: EventType; functionName: string; violation: Violation }>;
  logs: Array<{ step: EventType; functionName: string; line: LogLine }>;
  totalMs: number;
  /** A stale-while-revalidate refresh after the viewer was answered, not a viewer's request. */
  background?: true;
}

export interface PipelineStats {
  requests: number;
  hits: number;
  misses: number;
  /** Responses that were a Lambda or origin error, or a request CloudFront refused. */
  errors: number;
  originFetches: number;
  invocations: Record<EventType, number>;
  cacheEntries: number;
}
