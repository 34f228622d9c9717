/**
 * The slice of the invoke contract (src/invoke/index.ts) the pipeline depends on, restated
 * structurally so the pipeline does not care who built the function: `createFunction` from the
 * runtime, a test double, or anything else with the same shape.
 */
import type {
  AnyEvent,
  EventType,
  GeneratedResponse,
  OriginRequest,
  ResultResponse,
  ViewerRequest,
} from '@edge-app/events';

export type ErrorType = 'LambdaValidationError' | 'LambdaExecutionError' | 'LambdaLimitExceeded';

export interface LogLine {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  message: string;
  time: number;
}

export interface Violation {
  rule: string;
  message: string;
  fix: string;
}

interface OutcomeMeta {
  logs: LogLine[];
  durationMs: number;
  initDurationMs?: number;
  memoryUsedMB: number;
  warnings: Violation[];
}

export type InvokeOutcome =
  | ({ kind: 'request'; request: ViewerRequest | OriginRequest } & OutcomeMeta)
  | ({
      kind: 'response';
      response: ResultResponse | GeneratedResponse;
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

export interface EdgeFunction {
  readonly eventType?: EventType;
  invoke(event: AnyEvent): Promise<InvokeOutcome>;
  reload(modulePath?: string): Promise<void>;
  dispose(): Promise<void>;
}
