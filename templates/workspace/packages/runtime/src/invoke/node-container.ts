/**
 * A Node.js Lambda container: one worker thread running worker.mjs. The module is imported
 * once when the thread starts (Lambda's init phase); invocations then reuse it (warm) until
 * the container dies. A timeout, process.exit, a crash or running out of memory ends the
 * thread and leaves the caller untouched; the function then starts a fresh container.
 * Threads are unref'd (see thread-reserve.ts): while an invocation runs, its timer keeps the
 * caller's process alive, and a forgotten dispose() does not hold it open.
 */
import type { Worker } from 'node:worker_threads';
import {
  type Container,
  type ContainerResult,
  type ContainerSettings,
  INIT_TIMEOUT_MS,
  type InvocationRequest,
  lineSplitter,
} from './container.ts';
import { RuntimeSetupError } from './errors.ts';
import {
  crashFailure,
  exitFailure,
  type Failure,
  handlerErrorFailure,
  handlerNotFoundFailure,
  initErrorFailure,
  marshalFailure,
  memoryFailure,
  type SerializedError,
  timeoutFailure,
} from './failures.ts';
import type { ModuleSource } from './module-source.ts';
import { takeThread } from './thread-reserve.ts';
import type { LogLine } from './types.ts';

type WorkerMessage =
  | { type: 'log'; line: LogLine }
  | { type: 'ready'; initDurationMs: number; memoryUsedMB: number }
  | { type: 'init-error'; error: SerializedError; handlerNotFound?: boolean }
  | ({
      type: 'result';
      id: number;
      durationMs: number;
      callbackUsed: boolean;
      memoryUsedMB: number;
    } & (
      | { ok: true; result: unknown; eventAfter?: unknown }
      | { ok: false; error: SerializedError; marshal?: boolean }
    ));

/** Something the worker did that the current waiter (init or an invocation) must handle. */
type Signal =
  | { type: 'message'; message: WorkerMessage }
  | { type: 'error'; error: Error & { code?: string } }
  | { type: 'exit'; code: number };

type InitState =
  | { ok: true; initDurationMs: number }
  | { ok: false; failure: Failure; initDurationMs: number };

export class NodeContainer implements Container {
  private worker: Worker | undefined;
  private initState: Promise<InitState> | undefined;
  private waiter: ((signal: Signal) => void) | undefined;
  private logs: LogLine[] = [];
  private peakMemoryMB = 0;
  private nextId = 1;
  private dead = false;

  constructor(
    private readonly source: ModuleSource,
    private readonly settings: ContainerSettings,
  ) {}

  get usable(): boolean {
    return !this.dead;
  }

  async invoke(request: InvocationRequest): Promise<ContainerResult> {
    const cold = this.initState === undefined;
    this.initState ??= this.start();
    const init = await this.initState;
    const initDurationMs = cold ? init.initDurationMs : undefined;
    if (!init.ok) {
      await this.kill();
      return this.failed(init.failure, 0, initDurationMs);
    }
    const worker = this.worker;
    if (!worker || this.dead) return this.failed(crashFailure(deadContainer()), 0, initDurationMs);
    const id = this.nextId++;
    const message = encodeInvocation(id, request);
    const sentAt = performance.now();
    return new Promise<ContainerResult>((resolve) => {
      const timer = setTimeout(() => {
        finish(
          this.failed(timeoutFailure(request.timeoutMs / 1000), request.timeoutMs, initDurationMs),
        );
        void this.kill();
      }, request.timeoutMs);
      const finish = (result: ContainerResult) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(result);
      };
      this.waiter = (signal) => {
        const elapsed = performance.now() - sentAt;
        if (
          signal.type === 'message' &&
          signal.message.type === 'result' &&
          signal.message.id === id
        ) {
          const message = signal.message;
          this.peakMemoryMB = Math.max(this.peakMemoryMB, message.memoryUsedMB);
          const meta = {
            logs: this.takeLogs(),
            durationMs: message.durationMs,
            initDurationMs,
            memoryUsedMB: this.peakMemoryMB,
            callbackUsed: message.callbackUsed,
          };
          if (message.memoryUsedMB > this.settings.memoryMB) {
            // Memory outside the V8 heap (Buffers) is not capped by resourceLimits; Lambda
            // would have killed the sandbox all the same.
            finish({
              ok: false,
              failure: memoryFailure(this.settings.memoryMB, message.memoryUsedMB),
              ...meta,
            });
            void this.kill();
          } else if (message.ok) {
            finish({ ok: true, result: message.result, eventAfter: message.eventAfter, ...meta });
          } else {
            const failure = message.marshal
              ? marshalFailure(message.error)
              : handlerErrorFailure(message.error);
            finish({ ok: false, failure, ...meta });
          }
        } else if (signal.type === 'error' || signal.type === 'exit') {
          finish(this.failed(this.deathFailure(signal, 'invoke'), elapsed, initDurationMs));
          void this.kill();
        }
      };
      worker.postMessage(message);
    });
  }

  async dispose(): Promise<void> {
    await this.kill();
  }

  private start(): Promise<InitState> {
    const spawnedAt = performance.now();
    const { memoryMB } = this.settings;
    const worker = takeThread(memoryMB);
    worker.postMessage({ type: 'load', ...this.settings, moduleUrl: this.source.loadable });
    this.worker = worker;
    const out = lineSplitter('log', (line) => this.logs.push(line));
    const err = lineSplitter('error', (line) => this.logs.push(line));
    worker.stdout.setEncoding('utf8').on('data', (chunk: string) => out.write(chunk));
    worker.stderr.setEncoding('utf8').on('data', (chunk: string) => err.write(chunk));
    worker.on('message', (posted: WorkerMessage | string) => {
      // Results come as JSON text (see worker.mjs); the other messages are small objects.
      const message = typeof posted === 'string' ? (JSON.parse(posted) as WorkerMessage) : posted;
      if (message.type === 'log') this.logs.push(message.line);
      else this.waiter?.({ type: 'message', message });
    });
    worker.on('error', (error) => this.waiter?.({ type: 'error', error }));
    worker.on('exit', (code) => {
      this.dead = true;
      out.flush();
      err.flush();
      this.waiter?.({ type: 'exit', code });
    });

    return new Promise<InitState>((resolve) => {
      const elapsed = () => performance.now() - spawnedAt;
      const timer = setTimeout(() => {
        finish({
          ok: false,
          failure: {
            ...timeoutFailure(INIT_TIMEOUT_MS / 1000),
            message: `Init phase timed out after ${(INIT_TIMEOUT_MS / 1000).toFixed(2)} seconds`,
          },
          initDurationMs: elapsed(),
        });
      }, INIT_TIMEOUT_MS);
      const finish = (state: InitState) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(state);
      };
      this.waiter = (signal) => {
        if (signal.type === 'message' && signal.message.type === 'ready') {
          this.peakMemoryMB = signal.message.memoryUsedMB;
          finish({ ok: true, initDurationMs: elapsed() });
        } else if (signal.type === 'message' && signal.message.type === 'init-error') {
          const { error, handlerNotFound } = signal.message;
          const failure = handlerNotFound ? handlerNotFoundFailure(error) : initErrorFailure(error);
          finish({ ok: false, failure, initDurationMs: elapsed() });
        } else if (signal.type === 'error' || signal.type === 'exit') {
          const failure = this.deathFailure(signal, 'init');
          finish({ ok: false, failure, initDurationMs: elapsed() });
        }
      };
    });
  }

  private deathFailure(
    signal: Signal & { type: 'error' | 'exit' },
    during: 'init' | 'invoke',
  ): Failure {
    if (signal.type === 'exit') return exitFailure(signal.code, during);
    if (signal.error.code === 'ERR_WORKER_OUT_OF_MEMORY')
      return memoryFailure(this.settings.memoryMB);
    const error = {
      name: signal.error.name,
      message: signal.error.message,
      stack: signal.error.stack ?? '',
    };
    return during === 'init' ? initErrorFailure(error) : crashFailure(error);
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

  private async kill(): Promise<void> {
    this.dead = true;
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    await worker.terminate();
  }
}

/** Lambda hands the event to the runtime as JSON; so does this container. */
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

function deadContainer(): SerializedError {
  return { name: 'Error', message: 'the container stopped before the invocation', stack: '' };
}
