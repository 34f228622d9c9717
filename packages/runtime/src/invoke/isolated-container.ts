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
import type { RuntimeSetupError } from './errors.ts';
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
import { encodeInvocation } from './invocation-text.ts';
import type { LogLine } from './types.ts';

/** What worker.mjs and python_bootstrap.py send, besides log lines. */
export type ContainerMessage =
  | { type: 'ready'; memoryUsedMB: number }
  | { type: 'init-error'; error: SerializedError; handlerNotFound?: boolean; memory?: boolean }
  | ({
      type: 'result';
      id: number;
      /** Log lines the container had sent before this answer, counted from its start. */
      logCount?: number;
      durationMs: number;
      memoryUsedMB: number;
      callbackUsed?: boolean;
    } & (
      | {
          ok: true;
          result?: unknown;
          eventAfter?: unknown;
        }
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

/** An invocation handed to the container, oldest first; only the oldest runs. */
interface Pending {
  id: number;
  timeoutMs: number;
  initDurationMs: number | undefined;
  /** When it started running as far as the caller knows: sent, or the one before it answered. */
  startedAt: number | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  resolve(result: ContainerResult | undefined): void;
}

export abstract class IsolatedContainer implements Container {
  /** Invocations the container holds at once (it still runs them one at a time). */
  readonly depth: number = 1;
  private initState: Promise<InitState> | undefined;
  private initWaiter: ((signal: Signal) => void) | undefined;
  private readonly pending: Pending[] = [];
  private logs: LogLine[] = [];
  /** Log lines handed to invocations so far, counted from the container's start. */
  private logsTaken = 0;
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
    if (this.initWaiter) this.initWaiter(signal);
    else if (signal.type === 'death') this.died(signal.death);
    else this.received(signal.message);
  }

  /**
   * Resolves with undefined when the invocation never ran: it waited behind one that ended
   * the container (or behind a failed init), and Lambda would have run it in another.
   */
  async invoke(request: InvocationRequest): Promise<ContainerResult | undefined> {
    const cold = this.initState === undefined;
    this.initState ??= this.start();
    const init = await this.initState;
    if ('setupError' in init) {
      this.dead = true;
      throw init.setupError;
    }
    if (!init.ok) {
      await this.kill();
      return cold ? this.failed(init.failure, 0, init.initDurationMs) : undefined;
    }
    if (this.dead) return undefined;
    const id = this.nextId++;
    const encoded = encodeInvocation(id, request);
    return new Promise<ContainerResult | undefined>((resolve) => {
      const entry: Pending = {
        id,
        timeoutMs: request.timeoutMs,
        initDurationMs: cold ? init.initDurationMs : undefined,
        startedAt: undefined,
        timer: undefined,
        resolve,
      };
      this.pending.push(entry);
      if (this.pending.length === 1) this.startTimer(entry);
      if (!this.send(encoded.text)) this.died(stoppedBeforeInvocation);
    });
  }

  /** The running invocation's timeout; one that waited starts when the one before answers. */
  private startTimer(entry: Pending): void {
    entry.startedAt = performance.now();
    entry.timer = setTimeout(() => {
      const failure = timeoutFailure(entry.timeoutMs / 1000);
      this.end(this.failed(failure, entry.timeoutMs, entry.initDurationMs));
    }, entry.timeoutMs);
  }

  /**
   * The container is done for: the running invocation settles with `result`, and those
   * waiting behind it never ran.
   */
  private end(result: ContainerResult | undefined): void {
    this.dead = true;
    if (result) this.finishRunning(result);
    for (const entry of this.pending.splice(0)) {
      clearTimeout(entry.timer);
      entry.resolve(undefined);
    }
    void this.kill();
  }

  /** Settles the running invocation and starts the clock of the one waiting behind it. */
  private finishRunning(result: ContainerResult): void {
    const entry = this.pending.shift();
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.resolve(result);
    const next = this.pending[0];
    if (next && !this.dead) this.startTimer(next);
  }

  private died(death: Death): void {
    const running = this.pending[0];
    const durationMs = performance.now() - (running?.startedAt ?? performance.now());
    this.end(running && this.failed(death.failure('invoke'), durationMs, running.initDurationMs));
  }

  private received(message: ContainerMessage): void {
    const running = this.pending[0];
    if (message.type !== 'result' || running === undefined || message.id !== running.id) return;
    this.peakMemoryMB = Math.max(this.peakMemoryMB, message.memoryUsedMB);
    const meta = {
      logs: this.takeLogs(message.logCount),
      durationMs: message.durationMs,
      initDurationMs: running.initDurationMs,
      memoryUsedMB: this.peakMemoryMB,
      callbackUsed: message.callbackUsed ?? false,
    };
    const overLimit = this.enforcesMeasuredMemory && message.memoryUsedMB > this.settings.memoryMB;
    if (overLimit || (!message.ok && message.memory)) {
      const usedMB = overLimit ? message.memoryUsedMB : undefined;
      this.end({ ok: false, failure: memoryFailure(this.settings.memoryMB, usedMB), ...meta });
    } else if (message.ok) {
      this.finishRunning({
        ok: true,
        result: message.result,
        eventAfter: message.eventAfter,
        ...meta,
      });
    } else {
      const failure = message.marshal
        ? marshalFailure(message.error)
        : handlerErrorFailure(message.error);
      this.finishRunning({ ok: false, failure, ...meta });
    }
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
        this.initWaiter = undefined;
        resolve(state);
      };
      this.initWaiter = (signal) => {
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
        this.initWaiter = undefined;
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

  /**
   * The log lines of the invocation that just ended: all received so far, or the first `count`
   * when the answer says how many came before it (the next invocation may have logged since).
   */
  private takeLogs(count?: number): LogLine[] {
    const taken = this.logsTaken;
    const end = count === undefined ? this.logsTaken + this.logs.length : count;
    this.logsTaken = Math.max(taken, end);
    return this.logs.splice(0, Math.max(0, end - taken));
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
