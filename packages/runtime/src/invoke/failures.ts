/**
 * The ways an invocation fails, each as CloudFront reports it to the viewer
 * (docs/cloudfront-rules.md#execution-errors, #limit-exceeded-errors): function errors are 503
 * LambdaExecutionError, limits 503 LambdaLimitExceeded. Messages follow Lambda's own wording
 * where it has one ("Task timed out after 5.00 seconds", "Runtime exited with error: signal:
 * killed").
 */
import type { SerializedError } from './protocol.ts';
import type { ErrorType } from './types.ts';

export interface Failure {
  errorType: ErrorType;
  status: 502 | 503;
  rule: string;
  message: string;
  fix: string;
}

/** `TypeError: x is not a function (at handler (file:///…/index.mjs:3:9))` */
export function describeError(error: SerializedError): string {
  const frame = error.stack
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('at '));
  const head =
    error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return frame ? `${head} (${frame})` : head;
}

export function timeoutFailure(timeoutSeconds: number): Failure {
  return {
    errorType: 'LambdaLimitExceeded',
    status: 503,
    rule: 'timeout',
    message: `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
    fix: 'Make the handler finish sooner (await every promise, put a timeout on network calls, no synchronous waits), or raise the function timeout within the event type limit.',
  };
}

export function initTimeoutFailure(timeoutSeconds: number): Failure {
  return {
    ...timeoutFailure(timeoutSeconds),
    message: `Init phase timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}

export function memoryFailure(memoryMB: number, usedMB?: number): Failure {
  const used = usedMB === undefined ? '' : ` (${usedMB} MB in use)`;
  return {
    errorType: 'LambdaLimitExceeded',
    status: 503,
    rule: 'memory',
    message: `Runtime exited with error: out of memory: the function exceeded its ${memoryMB} MB memory limit${used}`,
    fix: 'Hold less in memory (stream or page large data, avoid unbounded caches at module level), or configure more memory where the event type allows it (origin events only under the strict profile). The runtime itself counts too, as in Lambda\u2019s "Max Memory Used".',
  };
}

export function handlerErrorFailure(error: SerializedError): Failure {
  return {
    errorType: 'LambdaExecutionError',
    status: 503,
    rule: 'unhandled-error',
    message: `The function failed: ${describeError(error)}`,
    fix: 'Catch the error in the handler and return a response (for example a 500 or a redirect), or fix its cause.',
  };
}

export function marshalFailure(error: SerializedError): Failure {
  return {
    errorType: 'LambdaExecutionError',
    status: 503,
    rule: 'marshal-error',
    message: `Runtime.MarshalError: Unable to marshal the result as JSON: ${error.message}`,
    fix: 'Return plain data (objects, arrays, strings, numbers): no cycles, BigInt or class instances that JSON cannot encode.',
  };
}

export function initErrorFailure(error: SerializedError): Failure {
  return {
    errorType: 'LambdaExecutionError',
    status: 503,
    rule: 'init-error',
    message: `The module failed to initialize: ${describeError(error)}`,
    fix: 'Fix the error thrown while the module loads (top-level code and imports run once per container, before the first event).',
  };
}

export function handlerNotFoundFailure(error: SerializedError): Failure {
  return {
    errorType: 'LambdaExecutionError',
    status: 503,
    rule: 'handler-not-found',
    message: `Runtime.HandlerNotFound: ${error.message}`,
    fix: 'Export the handler by name: `export const handler = async (event) => …` (ESM) or `exports.handler = …` (CommonJS).',
  };
}

export type Phase = 'init' | 'invoke' | 'idle';

const PHASE_TEXT: Record<Phase, string> = {
  init: 'during module initialization',
  invoke: 'during the invocation',
  idle: 'after its last answer, while the container was idle',
};

export function exitFailure(code: number, phase: Phase): Failure {
  return {
    errorType: 'LambdaExecutionError',
    status: 503,
    rule: 'process-exit',
    message: `Runtime exited with error: exit status ${code} (the process exited ${PHASE_TEXT[phase]})`,
    fix: 'Do not call process.exit (or sys.exit) in a Lambda function: return a result (or throw) instead. The container is discarded and the next event starts a new one.',
  };
}

/** An exception or rejection nobody caught, outside the handler's own promise. */
export function crashFailure(error: SerializedError, phase: Phase, rejection = false): Failure {
  const kind = rejection ? 'Runtime.UnhandledPromiseRejection' : 'Uncaught exception';
  return {
    errorType: 'LambdaExecutionError',
    status: 503,
    rule: 'runtime-crash',
    message: `Runtime exited with error: ${kind} ${PHASE_TEXT[phase]}: ${describeError(error)}`,
    fix: 'An exception escaped outside the handler (an unawaited promise, a timer or an event listener). Await the work inside the handler and catch its errors.',
  };
}

export const STOPPED = 'function-stopped';

/** The function was disposed (its server or test run is ending) while this was running. */
export function stoppedFailure(): Failure {
  return {
    errorType: 'LambdaExecutionError',
    status: 503,
    rule: STOPPED,
    message: 'Runtime exited with error: signal: killed (the function was stopped while it ran)',
    fix: 'Nothing to fix in the function: it was stopped because `edge dev` or the test run that started it ended.',
  };
}

/** Go's names for signals, as Lambda prints them ("signal: killed"). */
const SIGNAL_TEXT: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGINT: 'interrupt',
  SIGHUP: 'hangup',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'floating point exception',
  SIGQUIT: 'quit',
  SIGUSR1: 'user defined signal 1',
  SIGUSR2: 'user defined signal 2',
};

/** The process was ended by a signal that neither the runtime nor its limits sent. */
export function signalFailure(signal: NodeJS.Signals, phase: Phase): Failure {
  const native = signal === 'SIGSEGV' || signal === 'SIGBUS' || signal === 'SIGILL';
  return {
    errorType: 'LambdaExecutionError',
    status: 503,
    rule: 'runtime-crash',
    message: `Runtime exited with error: signal: ${SIGNAL_TEXT[signal] ?? signal} (${signal} ${PHASE_TEXT[phase]})`,
    fix: native
      ? 'The process crashed in native code: check native addons (they must be built for Linux x86_64) and code that calls process.abort().'
      : `Something sent ${signal} to the function's own process (process.kill(process.pid), a child process, a native addon). Return a result instead; Lambda discards the container.`,
  };
}

/**
 * The lines Lambda writes to the function's log when an invocation ends this way, so the
 * trace reads like CloudWatch: the timeout line, or the runtime's exit.
 */
export function lambdaLogLines(failure: Failure, requestId: string | undefined): string[] {
  const prefix = requestId ? `RequestId: ${requestId} ` : '';
  if (failure.rule === 'timeout') return [`${prefix}${failure.message}`];
  const exited = 'Runtime exited with error: ';
  if (!failure.message.startsWith(exited)) return [];
  // Lambda ends an environment over its memory size with SIGKILL.
  const reason =
    failure.rule === 'memory' ? 'signal: killed' : failure.message.slice(exited.length);
  return [`${prefix}Error: ${exited}${reason}`, 'Runtime.ExitError'];
}
