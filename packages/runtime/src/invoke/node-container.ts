/**
 * A Node.js Lambda container: one worker thread running worker.mjs. The module is imported
 * once when the thread starts (Lambda's init phase); invocations then reuse it (warm) until
 * the container dies. A timeout, process.exit, a crash or running out of memory ends the
 * thread and leaves the caller untouched; the function then starts a fresh container.
 * Threads are unref'd (see thread-reserve.ts): while an invocation runs, its timer keeps the
 * caller's process alive, and a forgotten dispose() does not hold it open.
 */
import type { Worker } from 'node:worker_threads';
import type { ContainerSettings } from './container.ts';
import {
  crashFailure,
  exitFailure,
  initErrorFailure,
  memoryFailure,
  toSerializedError,
} from './failures.ts';
import { CHANNEL_DEPTH, InvocationChannel } from './invocation-channel.ts';
import { type ContainerMessage, type Death, IsolatedContainer } from './isolated-container.ts';
import type { ModuleSource } from './module-source.ts';
import { takeThread } from './thread-reserve.ts';
import type { LogLine } from './types.ts';

type WorkerMessage =
  | ContainerMessage
  | { type: 'log'; line: LogLine }
  // Sent once, after the first answer, for thread-reserve.ts.
  | { type: 'answered' };

/** A result as the channel brings it: with how many log lines the worker had posted by then. */
type ChannelResult = Extract<ContainerMessage, { type: 'result' }> & { logCount: number };

export class NodeContainer extends IsolatedContainer {
  override readonly depth = CHANNEL_DEPTH;
  private worker: Worker | undefined;
  private readonly channel = new InvocationChannel();
  // Log lines still come as messages, one per line as written, so those written before a
  // crash, a timeout or process.exit are kept; an answer that overtook its own lines waits
  // for them, so each line lands in the invocation that wrote it.
  private logsReceived = 0;
  private parked: ChannelResult | undefined;
  // Buffers live outside the V8 heap that resourceLimits caps; Lambda counts them all the same.
  protected readonly enforcesMeasuredMemory = true;

  constructor(
    private readonly source: ModuleSource,
    settings: ContainerSettings,
  ) {
    super(settings);
  }

  protected launch(): void {
    const worker = takeThread(this.settings.memoryMB);
    const channel = this.channel.workerEnds;
    worker.postMessage(
      { type: 'load', ...this.settings, moduleUrl: this.source.loadable, channel },
      [channel.port],
    );
    this.worker = worker;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'log') this.logged(message.line);
      else if (message.type !== 'answered') this.signal({ type: 'message', message });
    });
    worker.on('error', (error: Error & { code?: string }) => this.ended(this.errorDeath(error)));
    worker.on('exit', (code) => {
      this.ended({ failure: (during) => exitFailure(code, during) });
    });
    // A 'message' listener refs the thread again; while an invocation runs its timer keeps
    // the caller alive, and between invocations nothing should.
    worker.unref();
  }

  protected send(json: string): boolean {
    if (!this.worker || this.dead) return false;
    void this.channel.invoke(json).then((text) => {
      if (text !== undefined) this.answered(JSON.parse(text) as ChannelResult);
    });
    return true;
  }

  /** The thread ended: answers it wrote before the end still count, then the death does. */
  private ended(death: Death): void {
    this.channel.takeWritten();
    // takeWritten settles them on the microtask queue, where the parsing and signalling run.
    queueMicrotask(() => this.signal({ type: 'death', death }));
  }

  private answered(result: ChannelResult): void {
    if (this.logsReceived >= result.logCount) this.signal({ type: 'message', message: result });
    else this.parked = result;
  }

  private logged(line: LogLine): void {
    this.log(line);
    this.logsReceived++;
    const parked = this.parked;
    if (parked && this.logsReceived >= parked.logCount) {
      this.parked = undefined;
      this.signal({ type: 'message', message: parked });
    }
  }

  protected async kill(): Promise<void> {
    this.dead = true;
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    this.channel.close();
    // terminate() also ends a thread asleep in Atomics.wait between invocations.
    await worker.terminate();
  }

  private errorDeath(error: Error & { code?: string }): Death {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return { failure: () => memoryFailure(this.settings.memoryMB) };
    }
    const serialized = toSerializedError(error);
    return {
      failure: (during) =>
        during === 'init' ? initErrorFailure(serialized) : crashFailure(serialized),
    };
  }
}
