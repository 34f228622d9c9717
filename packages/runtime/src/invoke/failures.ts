/**
 * The ways an invocation fails, each as CloudFront reports it to the viewer
 * (docs/cloudfront-rules.md#execution-errors): function errors are 503 LambdaExecutionError, limits
 * 503 LambdaLimitExceeded. Messages follow Lambda's own wording where it has one ("Task timed out
 * after 5.00 seconds").
 */
import { format } from 'node:util';
import type { ErrorType } from './types.ts';

export interface Failure {
  errorType: ErrorType;
  status: 502 | 503;
  rule: string;
  message: string;
  fix: string;
}

export interface SerializedError {
  name: string;
  message: string;
  stack: string;
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
    fix: 'Make the handler finish sooner (await every promise, put a timeout on network calls), or raise the function timeout within the event type limit.',
  };
}

export function memoryFailure(memoryMB: number, usedMB?: number): Failure {
  const used = usedMB === undefined ? '' : ` (${usedMB} MB in use)`;
  return {
    errorType: 'LambdaLimitExceeded',
    status: 503,
    rule: 'memory',
    message: `Runtime exited with error: out of memory: the function exceeded its ${memoryMB} MB memory limit${used}`,
    fix: 'Hold less in memory (stream or page large data, avoid unbounded caches at module level), or configure more memory where the event type allows it (origin events only under the strict profile).',
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

/** The result as Lambda's JSON encoding leaves it, or the marshal failure. */
export function marshalResult(
  result: unknown,
): { ok: true; result: unknown } | { ok: false; failure: Failure } {
  if (result === undefined) return { ok: true, result };
  try {
    return { ok: true, result: JSON.parse(JSON.stringify(result)) };
  } catch (error) {
    return { ok: false, failure: marshalFailure(toSerializedError(error)) };
  }
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

export function exitFailure(code: number, during: 'init' | 'invoke'): Failure {
  return {
    errorType: 'LambdaExecutionError',
    status: 503,
    rule: 'process-exit',
    message: `Runtime exited with error: exit status ${code} (process.exit called during ${during === 'init' ? 'module initialization' : 'the invocation'})`,
    fix: 'Do not call process.exit in a Lambda function: return a result (or throw) instead. The container is discarded and the next event starts a new one.',
  };
}

export function crashFailure(error: SerializedError): Failure {
  return {
    errorType: 'LambdaExecutionError',
    status: 503,
    rule: 'runtime-crash',
    message: `Runtime exited with error: ${describeError(error)}`,
    fix: 'An exception escaped outside the handler (an unawaited promise, a timer or an event listener). Await the work inside the handler and catch its errors.',
  };
}

/** As worker.mjs serializes what a handler threw: a thrown object reads as its contents, not
 * `[object Object]`, whichever container ran the handler. */
export function toSerializedError(error: unknown): SerializedError {
  if (error instanceof Error)
    return { name: error.name, message: error.message, stack: error.stack ?? '' };
  return { name: 'Error', message: typeof error === 'string' ? error : format(error), stack: '' };
}
