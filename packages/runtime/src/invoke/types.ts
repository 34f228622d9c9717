/**
 * The contract of `invoke()` and `createFunction()`: what a caller passes in and the typed outcome
 * it gets back, mirroring what CloudFront does with a Lambda@Edge result
 * (docs/cloudfront-rules.md#validation-errors: 502 LambdaValidationError, 503 LambdaExecutionError
 * / LambdaLimitExceeded).
 */
import type {
  AnyEvent,
  EventType,
  GeneratedResponse,
  OriginRequest,
  ResultResponse,
  ViewerRequest,
} from '@edge-app/events';
import type { EventLimits, LimitProfileName } from '../config.ts';
import type { Violation } from '../validate/index.ts';
import type { NodeRuntime } from './node-runtime.ts';

export type ErrorType = 'LambdaValidationError' | 'LambdaExecutionError' | 'LambdaLimitExceeded';

export interface LogLine {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  message: string;
  /** Epoch milliseconds. */
  time: number;
}

export interface OutcomeMeta {
  logs: LogLine[];
  /** Time spent in the handler, as Lambda's `Duration`. */
  durationMs: number;
  /**
   * Present on a container's first invocation only: loading the module into the new container
   * and running its top level (Lambda's "Init Duration"). Container processes are started
   * ahead of time (process-reserve.ts); when none was ready, starting one is included.
   */
  initDurationMs?: number;
  /** Highest memory the container has used so far, as Lambda's `Max Memory Used`. */
  memoryUsedMB: number;
  /** Validation problems in warn mode, and notes such as the callback-style handler. */
  warnings: Violation[];
}

export type InvokeOutcome =
  | ({ kind: 'request'; request: ViewerRequest | OriginRequest } & OutcomeMeta)
  | ({
      kind: 'response';
      response: ResultResponse | GeneratedResponse;
      /** A request function answered instead of forwarding. */
      generated: boolean;
    } & OutcomeMeta)
  | ({
      kind: 'error';
      errorType: ErrorType;
      status: 502 | 503;
      rule: string;
      message: string;
      fix: string;
    } & OutcomeMeta);

export type ErrorOutcome = Extract<InvokeOutcome, { kind: 'error' }>;

export interface InvokeOptions {
  /** Limit profile; `strict` unless set. */
  profile?: LimitProfileName;
  /** Overrides of the profile's limits for this event type. */
  limits?: Partial<EventLimits>;
  /** The function's configured memory; the event type's limit when absent. */
  memoryMB?: number;
  /** The function's configured timeout; the event type's limit when absent. Fractions are allowed for tests. */
  timeoutSeconds?: number;
  /** `error` (default) fails like CloudFront; `warn` passes the result through with `warnings`. */
  validation?: 'error' | 'warn';
  /** Used for the context's name, ARN and log group; derived from the module path when absent. */
  functionName?: string;
  /** The association's IncludeBody: `false` removes `request.body` from the event, as CloudFront would. */
  includeBody?: boolean;
  /** The event type; read from `cf.config.eventType` (or the event's shape) when absent. */
  eventType?: EventType;
  /** Python interpreter for `.py` handlers; `EDGE_PYTHON` or `python3` when absent. */
  python?: string;
  /**
   * The Lambda runtime of a Node.js function, `nodejs22.x` when absent: its containers run that
   * Node.js version (node-runtime.ts).
   */
  runtime?: NodeRuntime;
  /**
   * Told what happens outside any invocation: a container that ended while idle, or a Lambda
   * runtime whose Node.js could not be had. Printed to stderr (console.warn) when absent.
   */
  onNotice?: (notice: FunctionNotice) => void;
  /**
   * Globals a Node.js container defines before loading the module, on top of those set with
   * `setContainerGlobals`: e.g. build-time values a bundle would have inlined. JSON data.
   */
  globals?: Record<string, unknown>;
  /**
   * Containers kept for concurrent invocations of one function, as Lambda scales out. Default 4;
   * `edge dev` uses `localContainerLimit()`, one per core up to 4.
   */
  maxContainers?: number;
}

export type FunctionNotice =
  | {
      kind: 'container-ended';
      functionName: string;
      errorType: ErrorType;
      rule: string;
      message: string;
      fix: string;
      /** What it logged after its last answer, with Lambda's lines about the ending. */
      logs: LogLine[];
    }
  | {
      kind: 'runtime-fallback';
      functionName: string;
      runtime: NodeRuntime;
      /** The host's Node.js version, which runs the function instead. */
      version: string;
      reason: string;
    };

export interface EdgeFunction {
  readonly eventType?: EventType;
  invoke(event: AnyEvent): Promise<InvokeOutcome>;
  /**
   * Starts a container and runs its init now rather than on the first event, as `edge dev`
   * does for every function at start-up. A failed init is left for the first event to report.
   */
  warm?(): Promise<void>;
  /** Later invocations run a fresh container of the (re)built module; in-flight ones finish. */
  reload(modulePath?: string): Promise<void>;
  dispose(): Promise<void>;
}

// biome-ignore lint/complexity/noBannedTypes: the contract accepts any function as a handler.
export type HandlerRef = string | Function;

export type CreateFunctionOptions = InvokeOptions & {
  /** The module's export to call; `handler` when absent. */
  handlerName?: string;
};
