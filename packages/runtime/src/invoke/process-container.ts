/**
 * The lifecycle every container process shares, Node.js or Python: init once within Lambda's
 * init budget, then one invocation at a time under its timeout, with the process's whole memory
 * footprint watched against the function's memory size. Whatever ends the process is turned into
 * the failure CloudFront reports: for the invocation that was running, or, when it ended while
 * idle, for the function to tell the developer.
 *
 * A subclass starts the process (node-container.ts, python-container.ts), sends it messages,
 * feeds back what it says through `received` and `logged`, and says how it ended through
 * `exited`, with its own reading of the exit (`exitFailure`).
 */
import type { ChildProcess } from 'node:child_process';
import { EdgeRuntimeError } from '../errors.ts';
import {
  type Container,
  type ContainerResult,
  type ContainerSettings,
  INIT_TIMEOUT_MS,
  type InvocationRequest,
} from './container.ts';
import type { RuntimeSetupError } from './errors.ts';
import {
  type Failure,
  handlerErrorFailure,
  handlerNotFoundFailure,
  initErrorFailure,
  initTimeoutFailure,
  lambdaLogLines,
  marshalFailure,
  memoryFailure,
  type Phase,
  STOPPED,
  stoppedFailure,
  timeoutFailure,
} from './failures.ts';
import { killTree } from './lifetime.ts';
import type { FromContainer, ToContainer } from './protocol.ts';
import type { LogLine } from './types.ts';
import { unwatch, type Watched, watch } from './watchdog.ts';

type InitState =
  | { ok: true; initDurationMs: number }
  | { ok: false; failure: Failure; initDurationMs: number }
  | { ok: false; setupError: RuntimeSetupError };

interface Running {
  id: number;
  event: unknown;
  requestId: string;
  startedAt: number;
  resolve(result: ContainerResult): void;
}

/** The container ended after the function handed it out, before the invocation was sent. */
export class ContainerGone extends EdgeRuntimeError {
  constructor() {
    super('container-ended', 'The container ended before the invocation was sent.');
  }
}

export abstract class ProcessContainer implements Container {
  private init: Promise<InitState> | undefined;
  private settleInit: ((state: InitState) => void) | undefined;
  private initReported = false;
  private running: Running | undefined;
  private logs: LogLine[] = [];
  private nextId = 1;
  /** Lambda attributes what happens after an answer to the invocation before it. */
  private lastRequestId: string | undefined;
  /** The highest footprint seen, read from outside or reported by the container. */
  private peakMB = 0;
  /** While it works (init or an invocation): its deadline and memory limit. */
  private watched: Watched | undefined;
  private child: ChildProcess | undefined;
  private dead = false;

  constructor(protected readonly settings: ContainerSettings) {}

  get usable(): boolean {
    return !this.dead;
  }

  /** Starts (or takes from the reserve) the process, wired to this container. */
  protected abstract launch(): ChildProcess;
  protected abstract send(message: ToContainer): void;
  /** How CloudFront reports this process's end, when nothing here ended it. */
  protected abstract exitFailure(
    code: number | null,
    signal: NodeJS.Signals | null,
    phase: Phase,
  ): Failure;

  protected logged(line: LogLine): void {
    this.logs.push(line);
  }

  start(): Promise<boolean> {
    return this.initialized().then((state) => state.ok);
  }

  async invoke(request: InvocationRequest): Promise<ContainerResult> {
    const state = await this.initialized();
    if ('setupError' in state) throw state.setupError;
    const initDurationMs = this.initReported ? undefined : state.initDurationMs;
    this.initReported = true;
    if (!state.ok) return this.failed(state.failure, 0, initDurationMs);
    // It ended between being handed out and now: Lambda would have used another environment.
    if (this.dead) throw new ContainerGone();
    if (this.running) throw new Error('A container runs one invocation at a time.');
    const id = this.nextId++;
    this.lastRequestId = request.requestId;
    return new Promise<ContainerResult>((resolve) => {
      const startedAt = performance.now();
      this.running = {
        id,
        event: request.event,
        requestId: request.requestId,
        startedAt,
        resolve: (result) =>
          resolve(initDurationMs === undefined ? result : { ...result, initDurationMs }),
      };
      this.watchWork(startedAt, request.timeoutMs, () =>
        this.end(timeoutFailure(request.timeoutMs / 1000), request.timeoutMs),
      );
      this.send({ type: 'invoke', id, ...request });
    });
  }

  /** Ends the process; an init or invocation still running fails as the process does. */
  async dispose(): Promise<void> {
    if (!this.dead) {
      const running = this.running;
      this.end(stoppedFailure(), running ? performance.now() - running.startedAt : 0);
    }
    if (this.child) killTree(this.child);
  }

  /** Hands the work now starting to the watchdog: its deadline and the memory limit. */
  private watchWork(since: number, timeoutMs: number, timedOut: () => void): void {
    this.stopWatching();
    this.watched = {
      pid: this.child?.pid,
      limitMB: this.settings.memoryMB,
      since,
      deadline: since + timeoutMs,
      timedOut,
      overMemory: (usedMB) => {
        const running = this.running;
        this.end(
          memoryFailure(this.settings.memoryMB, usedMB),
          running ? performance.now() - running.startedAt : 0,
        );
      },
      measured: (usedMB) => this.record(usedMB),
    };
    watch(this.watched);
  }

  private stopWatching(): void {
    if (this.watched) unwatch(this.watched);
    this.watched = undefined;
  }

  private record(usedMB: number): void {
    if (usedMB > this.peakMB) this.peakMB = usedMB;
  }

  private initialized(): Promise<InitState> {
    this.init ??= new Promise<InitState>((resolve) => {
      const startedAt = performance.now();
      this.settleInit = (state) => {
        this.settleInit = undefined;
        if (!state.ok) this.dead = true;
        this.stopWatching();
        resolve(state);
      };
      this.initFailure = (failure) =>
        this.settleInit?.({ ok: false, failure, initDurationMs: performance.now() - startedAt });
      this.initReady = () =>
        this.settleInit?.({ ok: true, initDurationMs: performance.now() - startedAt });
      try {
        this.child = this.launch();
      } catch (error) {
        this.dead = true;
        throw error;
      }
      // The module's top level runs under the same memory limit, within Lambda's init budget.
      this.watchWork(startedAt, INIT_TIMEOUT_MS, () =>
        this.end(initTimeoutFailure(INIT_TIMEOUT_MS / 1000), 0),
      );
    });
    return this.init;
  }

  private initFailure: (failure: Failure) => void = () => {};
  private initReady: () => void = () => {};

  /** The process could not be started at all: a setup problem, not an outcome. */
  protected setupFailed(setupError: RuntimeSetupError): void {
    this.dead = true;
    this.settleInit?.({ ok: false, setupError });
  }

  protected received(message: FromContainer): void {
    switch (message.type) {
      case 'log':
        this.logged(message.line);
        return;
      case 'ready':
        this.record(message.memoryUsedMB);
        this.initReady();
        return;
      case 'init-error': {
        const failure = message.memory
          ? memoryFailure(this.settings.memoryMB)
          : message.handlerNotFound
            ? handlerNotFoundFailure(message.error)
            : initErrorFailure(message.error);
        this.initFailure(failure);
        if (this.child) killTree(this.child);
        return;
      }
      case 'result':
        this.answered(message);
        return;
    }
  }

  private answered(message: Extract<FromContainer, { type: 'result' }>): void {
    const running = this.running;
    if (!running || message.id !== running.id) return;
    this.record(message.memoryUsedMB);
    // The container's own last figure can be over the limit where no sampling caught it
    // (between two samples, or where /proc is not available): Lambda would have ended it.
    if (message.memoryUsedMB > this.settings.memoryMB || (!message.ok && message.memory)) {
      const used = message.ok || !message.memory ? message.memoryUsedMB : undefined;
      this.end(memoryFailure(this.settings.memoryMB, used), message.durationMs);
      return;
    }
    this.finish({
      ...(message.ok
        ? {
            ok: true as const,
            result: message.sameBodyData
              ? withBodyData(message.result, running.event)
              : message.result,
            eventAfter: message.eventAfter,
          }
        : {
            ok: false as const,
            failure: message.marshal
              ? marshalFailure(message.error)
              : handlerErrorFailure(message.error),
          }),
      logs: this.takeLogs(),
      durationMs: message.durationMs,
      memoryUsedMB: this.peakMB,
      callbackUsed: message.callbackUsed ?? false,
    });
  }

  private finish(result: ContainerResult): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    this.stopWatching();
    running.resolve(result);
  }

  /**
   * Ends the container for a reason of its own (timeout, memory): whatever it was doing fails
   * with `failure` now, and the process tree is killed.
   */
  private end(failure: Failure, durationMs: number): void {
    if (this.dead) return;
    this.dead = true;
    this.stopWatching();
    if (this.child) killTree(this.child);
    // Disposing an idle container is no news.
    if (failure.rule === STOPPED && !this.running && !this.settleInit) return;
    this.report(failure, durationMs);
  }

  /** The process ended; called by the subclass once what it wrote before has been read. */
  protected exited(code: number | null, signal: NodeJS.Signals | null): void {
    // Ended here on purpose (timeout, memory, dispose), or its init already failed.
    if (this.dead) return;
    this.dead = true;
    this.stopWatching();
    const phase: Phase = this.settleInit ? 'init' : this.running ? 'invoke' : 'idle';
    const failure = this.exitFailure(code, signal, phase);
    const running = this.running;
    this.report(failure, running ? performance.now() - running.startedAt : 0);
  }

  /** Settles whatever the ending interrupted: the init, the invocation, or nothing (idle). */
  private report(failure: Failure, durationMs: number): void {
    this.logLambdaLines(failure, this.running?.requestId ?? this.lastRequestId);
    if (this.settleInit) this.initFailure(failure);
    else if (this.running) this.finish(this.failed(failure, durationMs, undefined));
    else this.settings.onIdleEnding({ failure, logs: this.takeLogs() });
  }

  private failed(
    failure: Failure,
    durationMs: number,
    initDurationMs: number | undefined,
  ): ContainerResult {
    return {
      ok: false,
      failure,
      logs: this.takeLogs(),
      durationMs,
      ...(initDurationMs === undefined ? {} : { initDurationMs }),
      memoryUsedMB: this.peakMB,
      callbackUsed: false,
    };
  }

  private logLambdaLines(failure: Failure, requestId: string | undefined): void {
    for (const message of lambdaLogLines(failure, requestId)) {
      this.logs.push({ level: 'error', message, time: Date.now() });
    }
  }

  private takeLogs(): LogLine[] {
    return this.logs.splice(0);
  }
}

/** Puts back the body data the container left out of a result (protocol.ts, sameBodyData). */
function withBodyData(result: unknown, event: unknown): unknown {
  const [record] = (event as { Records: Array<{ cf: { request: { body: { data: string } } } }> })
    .Records;
  const data = record?.cf.request.body.data;
  const request = result as { body: Record<string, unknown> };
  return { ...request, body: { ...request.body, data } };
}
