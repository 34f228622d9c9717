import type { EventType } from '@edge-app/events';
import type { EdgeConfig } from '../config.ts';
import type { EdgeFunction, ErrorType, LogLine, Violation } from './contract.ts';

/** What CloudFront writes in `X-Cache` (`<result> from cloudfront`). */
export type CacheResult = 'Hit' | 'Miss' | 'LambdaGeneratedResponse' | ErrorType | 'Error';

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
  /** Called once per request with what happened, for logs and dev output. */
  onTrace?: (trace: RequestTrace) => void;
}

export interface PipelineRequestInit {
  method?: string;
  /** As a client sends them; repeated names as arrays. */
  headers?: Record<string, string | string[]> | Array<[string, string]>;
  body?: string | Uint8Array;
  /** Viewer address CloudFront reports as `clientIp`; `127.0.0.1` if unset. */
  clientIp?: string;
  /** `http` unless set; feeds `CloudFront-Forwarded-Proto`. */
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
  /** First value of a header, any case; `undefined` when absent. */
  header(name: string): string | undefined;
  /** Every value of a header, in order. */
  headerValues(name: string): string[];
  text(): string;
}

export type StepName = EventType | 'origin';

export interface TraceStep {
  name: StepName;
  durationMs: number;
  /** The function that ran, for trigger steps. */
  functionName?: string;
  /** Trigger steps on a cold start: starting the container and initializing the module. */
  initDurationMs?: number;
  /** Origin steps: the origin's status, or 0 when it never answered. */
  status?: number;
}

export interface TraceError {
  /** The trigger whose function failed, or `origin`. */
  step: StepName;
  functionName?: string;
  errorType: ErrorType | 'OriginError';
  rule: string;
  message: string;
  fix: string;
}

export interface RequestTrace {
  requestId: string;
  method: string;
  /** Path and query string as the viewer sent them. */
  url: string;
  status: number;
  /** What `X-Cache` says. */
  cacheResult: CacheResult;
  /** Served from the cache (also true for a cached origin error, reported as `Error`). */
  fromCache: boolean;
  /** The path pattern of the behavior that served it; `*` for the default behavior. */
  behavior: string;
  steps: TraceStep[];
  error?: TraceError;
  warnings: Array<{ step: EventType; functionName: string; violation: Violation }>;
  logs: Array<{ step: EventType; functionName: string; line: LogLine }>;
  totalMs: number;
}

export interface PipelineStats {
  requests: number;
  hits: number;
  misses: number;
  /** Responses that were a Lambda or origin error. */
  errors: number;
  originFetches: number;
  invocations: Record<EventType, number>;
  cacheEntries: number;
}
