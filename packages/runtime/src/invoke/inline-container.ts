/**
 * A handler passed as a function runs in the caller's own thread: there is no module to load
 * into a container process. Timeouts, validation, context and log capture still apply, but isolation does
 * not: a synchronous infinite loop blocks the caller, process.exit ends it, and memory is
 * neither capped nor measured per function (memoryUsedMB is the caller's heap). Pass a module
 * path for container-grade isolation.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import type { LambdaContext } from '@edge-app/events';
import { createContext, describeFunction, type FunctionIdentity } from './container/context.ts';
import type {
  Container,
  ContainerResult,
  ContainerSettings,
  InvocationRequest,
} from './container.ts';
import { handlerErrorFailure, marshalFailure, timeoutFailure } from './failures.ts';
import { asJsonData, toSerializedError } from './json-data.ts';
import type { HandlerRef, LogLine } from './types.ts';

type AnyHandler = (
  event: unknown,
  context: unknown,
  callback: (error?: unknown, result?: unknown) => void,
) => unknown;

const LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;
const capture = new AsyncLocalStorage<LogLine[]>();
let captureUsers = 0;
let originalConsole: Pick<Console, (typeof LEVELS)[number]> | undefined;

/** Routes console output made inside an invocation (and its async work) to that invocation. */
function startCapture(): void {
  if (captureUsers++ > 0) return;
  originalConsole = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug,
  };
  const saved = originalConsole;
  for (const level of LEVELS) {
    console[level] = (...args: unknown[]) => {
      const logs = capture.getStore();
      if (logs) logs.push({ level, message: format(...args), time: Date.now() });
      else saved[level](...args);
    };
  }
}

function stopCapture(): void {
  if (--captureUsers > 0 || !originalConsole) return;
  Object.assign(console, originalConsole);
  originalConsole = undefined;
}

const MB = 1024 * 1024;

/** How an invocation ended: the handler's result or error, or the timeout. */
type Settled = { ok: true; result: unknown } | { ok: false; error: unknown } | { timedOut: true };

export class InlineContainer implements Container {
  readonly depth = 1;
  private cold = true;
  private readonly identity: FunctionIdentity;

  constructor(
    private readonly handler: HandlerRef,
    settings: ContainerSettings,
  ) {
    this.identity = describeFunction(settings);
  }

  readonly usable = true;

  async start(): Promise<boolean> {
    return true;
  }

  async invoke(request: InvocationRequest): Promise<ContainerResult> {
    const initDurationMs = this.cold ? 0 : undefined;
    this.cold = false;
    const logs: LogLine[] = [];
    const handler = this.handler as AnyHandler;
    // Container processes get a copy through messaging; an in-process handler must not
    // mutate the caller's event either (handlers do mutate their event).
    const event = structuredClone(request.event);
    const deadline = Date.now() + request.timeoutMs;
    const context: LambdaContext = createContext(this.identity, deadline, request.requestId);
    const start = performance.now();
    let callbackUsed = false;
    startCapture();
    try {
      const settled = await capture.run(
        logs,
        () =>
          new Promise<Settled>((resolve) => {
            let done = false;
            const settle = (value: Settled) => {
              if (done) return;
              done = true;
              clearTimeout(timer);
              resolve(value);
            };
            const timer = setTimeout(() => settle({ timedOut: true }), request.timeoutMs);
            const callback = (error?: unknown, result?: unknown) => {
              callbackUsed = true;
              if (done) {
                console.warn(
                  'The callback was called after the invocation had already completed; Lambda keeps the first result and ignores this call.',
                );
                return;
              }
              settle(
                error === undefined || error === null ? { ok: true, result } : { ok: false, error },
              );
            };
            try {
              const returned = handler(event, context, callback);
              if (isThenable(returned)) {
                returned.then(
                  (result) => settle({ ok: true, result }),
                  (error: unknown) => settle({ ok: false, error }),
                );
              } else if (handler.length < 3) {
                console.warn(
                  'The handler returned without a promise and takes no callback; Lambda ignores a synchronous return value and answers null.',
                );
                settle({ ok: true, result: null });
              }
            } catch (error) {
              settle({ ok: false, error });
            }
          }),
      );
      // Let a second callback made right after the first land in this invocation's logs.
      await new Promise((resolve) => setImmediate(resolve));
      const meta = {
        logs,
        durationMs: 'timedOut' in settled ? request.timeoutMs : performance.now() - start,
        initDurationMs,
        // process.memoryUsage() also reads the RSS from the OS, which made it a quarter of an
        // in-process invocation's cost; the heap figure alone is what is reported.
        memoryUsedMB: Math.ceil(getHeapStatistics().used_heap_size / MB),
        callbackUsed,
      };
      if ('timedOut' in settled)
        return { ok: false, failure: timeoutFailure(request.timeoutMs / 1000), ...meta };
      if (settled.ok) {
        const data = asJsonData(settled.result);
        if (data.ok) return { ok: true, result: data.value, ...meta };
        return { ok: false, failure: marshalFailure(data.error), ...meta };
      }
      return { ok: false, failure: handlerErrorFailure(toSerializedError(settled.error)), ...meta };
    } finally {
      stopCapture();
    }
  }

  async dispose(): Promise<void> {}
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
