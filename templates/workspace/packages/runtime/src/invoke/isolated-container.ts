/**
 * The lifecycle both isolated containers share (a worker thread for Node.js, a process for
 * Python): init once with Lambda's init budget, then one invocation at a time under its
 * timeout, answers matched by id, and death (exit, crash, out of memory) turned into the
 * failure CloudFront reports. A subclass starts its thread or process, forwards what it says
 * through `signal()`, and knows how to send to it and stop it.
 */
import {
  type Container,
  type ContainerResult,
  type ContainerSettings,
  INIT_TIMEOUT_MS,
  type InvocationRequest,
} from './container.ts';
import { RuntimeSetupError } from './errors.ts';
import {
  crashFailure,
  type Failure,
  handlerErrorFailure,
  handlerNotFoundFailure,
  initErrorFailure,
  marshalFailure,
  memoryFailure,
  type SerializedError,
  timeoutFailure,
} from './failures.ts';
import type { LogLine } from './types.ts';

/** What worker.mjs and python_bootstrap.py send, besides log lines. */
export type ContainerMessage =
  | { type: 'ready'; memoryUsedMB: number }
  | { type: 'init-error'; error: SerializedError; handlerNotFound?: boolean; memory?: boolean }
  | ({
      type: 'result';
      id: number;
      durationMs: number;
      memoryUsedMB: number;
      callbackUsed?: boolean;
    } & (
      | { ok: true; result?: unknown; eventAfter?: unknown }
      | { ok: false; error: SerializedError; memory?: boolean; marshal?: boolean }
    ));

/** The thread or process ended or could not run; `failure` says how CloudFront reports it. */
export interface Death {
  failure(during: 'init' | 'invoke'): Failure;
  /** The container could not be started at all: a setup problem, not an outcome. */
  setupError?: RuntimeSetupError;
}

type Signal = { type: 'message'; message: ContainerMessage } | { type: 'death'; death: Death };

type InitState =
  | { ok: true; initDurationMs: number }
  | { ok: false; failure: Failure; initDurationMs: number }
  | { ok: false; setupError: RuntimeSetupError };

export abstract class IsolatedContainer implements Container {
  private initState: Promise<InitState> | undefined;
  private waiter: ((signal: Signal) => void) | undefined;
  private logs: LogLine[] = [];
  private peakMemoryMB = 0;
  private nextId = 1;
  protected dead = false;

  constructor(protected readonly settings: ContainerSettings) {}

  get usable(): boolean {
    return !this.dead;
  }

  /** Starts the thread or process and sends it the module to load. */
  protected abstract launch(): void;
  /** Sends an invocation's JSON text; false when the container is gone. */
  protected abstract send(json: string): boolean;
  protected abstract kill(): Promise<void>;
  /**
   * Memory outside what the container caps itself (Buffers in Node.js) is only measured; a
   * container that reports more than its memory size is treated as Lambda would treat it.
   */
  protected abstract readonly enforcesMeasuredMemory: boolean;

  protected log(line: LogLine): void {
    this.logs.push(line);
  }

  protected signal(signal: Signal): void {
    if (signal.type === 'death') this.dead = true;
    this.waiter?.(signal);
  }

  async invoke(request: InvocationRequest): Promise<ContainerResult> {
    const cold = this.initState === undefined;
    this.initState ??= this.start();
    const init = await this.initState;
    if ('setupError' in init) {
      this.dead = true;
      throw init.setupError;
    }
    const initDurationMs = cold ? init.initDurationMs : undefined;
    if (!init.ok) {
      await this.kill();
      return this.failed(init.failure, 0, initDurationMs);
    }
    const id = this.nextId++;
    const encoded = encodeInvocation(id, request);
    const sentAt = performance.now();
    return new Promise<ContainerResult>((resolve) => {
      const timer = setTimeout(() => {
        const seconds = request.timeoutMs / 1000;
        finish(this.failed(timeoutFailure(seconds), request.timeoutMs, initDurationMs));
        void this.kill();
      }, request.timeoutMs);
      const finish = (result: ContainerResult) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(result);
      };
      this.waiter = (signal) => {
        if (signal.type === 'death') {
          const failure = signal.death.failure('invoke');
          finish(this.failed(failure, performance.now() - sentAt, initDurationMs));
          void this.kill();
          return;
        }
        const { message } = signal;
        if (message.type !== 'result' || message.id !== id) return;
        this.peakMemoryMB = Math.max(this.peakMemoryMB, message.memoryUsedMB);
        const meta = {
          logs: this.takeLogs(),
          durationMs: message.durationMs,
          initDurationMs,
          memoryUsedMB: this.peakMemoryMB,
          callbackUsed: message.callbackUsed ?? false,
        };
        const overLimit =
          this.enforcesMeasuredMemory && message.memoryUsedMB > this.settings.memoryMB;
        if (overLimit || (!message.ok && message.memory)) {
          const usedMB = overLimit ? message.memoryUsedMB : undefined;
          finish({ ok: false, failure: memoryFailure(this.settings.memoryMB, usedMB), ...meta });
          void this.kill();
        } else if (message.ok) {
          finish({ ok: true, result: message.result, eventAfter: message.eventAfter, ...meta });
        } else {
          const failure = message.marshal
            ? marshalFailure(message.error)
            : handlerErrorFailure(message.error);
          finish({ ok: false, failure, ...meta });
        }
      };
      if (!this.send(encoded)) this.signal({ type: 'death', death: stoppedBeforeInvocation });
    });
  }

  async dispose(): Promise<void> {
    await this.kill();
  }

  private start(): Promise<InitState> {
    const startedAt = performance.now();
    return new Promise<InitState>((resolve) => {
      const elapsed = () => performance.now() - startedAt;
      const timer = setTimeout(() => {
        const seconds = INIT_TIMEOUT_MS / 1000;
        const failure = {
          ...timeoutFailure(seconds),
          message: `Init phase timed out after ${seconds.toFixed(2)} seconds`,
        };
        finish({ ok: false, failure, initDurationMs: elapsed() });
      }, INIT_TIMEOUT_MS);
      const finish = (state: InitState) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(state);
      };
      this.waiter = (signal) => {
        if (signal.type === 'death') {
          const { setupError } = signal.death;
          if (setupError) finish({ ok: false, setupError });
          else
            finish({ ok: false, failure: signal.death.failure('init'), initDurationMs: elapsed() });
        } else if (signal.message.type === 'ready') {
          this.peakMemoryMB = signal.message.memoryUsedMB;
          finish({ ok: true, initDurationMs: elapsed() });
        } else if (signal.message.type === 'init-error') {
          const { error, handlerNotFound, memory } = signal.message;
          const failure = memory
            ? memoryFailure(this.settings.memoryMB)
            : handlerNotFound
              ? handlerNotFoundFailure(error)
              : initErrorFailure(error);
          finish({ ok: false, failure, initDurationMs: elapsed() });
        }
      };
      try {
        this.launch();
      } catch (error) {
        // Nothing started: no init budget to wait out.
        clearTimeout(timer);
        this.waiter = undefined;
        throw error;
      }
    });
  }

  private failed(failure: Failure, durationMs: number, initDurationMs?: number): ContainerResult {
    return {
      ok: false,
      failure,
      logs: this.takeLogs(),
      durationMs,
      initDurationMs,
      memoryUsedMB: this.peakMemoryMB,
      callbackUsed: false,
    };
  }

  private takeLogs(): LogLine[] {
    return this.logs.splice(0, this.logs.length);
  }
}

/** Lambda hands the event to the runtime as JSON; so do both containers. */
function encodeInvocation(id: number, request: InvocationRequest): string {
  try {
    return JSON.stringify({
      id,
      event: request.event,
      deadline: Date.now() + request.timeoutMs,
      requestId: request.requestId,
    });
  } catch (error) {
    throw new RuntimeSetupError(
      `The event cannot be encoded as JSON, as Lambda sends it: ${(error as Error).message}`,
      'Pass plain data (no cycles, BigInt or functions), e.g. an event from the @edge-app/events builders.',
    );
  }
}

const stoppedBeforeInvocation: Death = {
  failure: () =>
    crashFailure({
      name: 'Error',
      message: 'the container stopped before the invocation',
      stack: '',
    }),
};
