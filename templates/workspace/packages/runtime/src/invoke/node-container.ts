/**
 * A Node.js Lambda container: one worker thread running worker.mjs. The module is imported
 * once when the thread starts (Lambda's init phase); invocations then reuse it (warm) until
 * the container dies. A timeout, process.exit, a crash or running out of memory ends the
 * thread and leaves the caller untouched; the function then starts a fresh container.
 * Threads are unref'd (see thread-reserve.ts): while an invocation runs, its timer keeps the
 * caller's process alive, and a forgotten dispose() does not hold it open.
 */
import type { Worker } from 'node:worker_threads';
import { type ContainerSettings, lineSplitter } from './container.ts';
import { crashFailure, exitFailure, initErrorFailure, memoryFailure } from './failures.ts';
import { type ContainerMessage, type Death, IsolatedContainer } from './isolated-container.ts';
import type { ModuleSource } from './module-source.ts';
import { takeThread } from './thread-reserve.ts';
import type { LogLine } from './types.ts';

type WorkerMessage = ContainerMessage | { type: 'log'; line: LogLine };

export class NodeContainer extends IsolatedContainer {
  private worker: Worker | undefined;
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
    worker.postMessage({ type: 'load', ...this.settings, moduleUrl: this.source.loadable });
    this.worker = worker;
    const out = lineSplitter('log', (line) => this.log(line));
    const err = lineSplitter('error', (line) => this.log(line));
    worker.stdout.setEncoding('utf8').on('data', (chunk: string) => out.write(chunk));
    worker.stderr.setEncoding('utf8').on('data', (chunk: string) => err.write(chunk));
    worker.on('message', (posted: WorkerMessage | string) => {
      // Results come as JSON text (see worker.mjs); the other messages are small objects.
      const message = typeof posted === 'string' ? (JSON.parse(posted) as WorkerMessage) : posted;
      if (message.type === 'log') this.log(message.line);
      else this.signal({ type: 'message', message });
    });
    worker.on('error', (error: Error & { code?: string }) =>
      this.signal({ type: 'death', death: this.errorDeath(error) }),
    );
    worker.on('exit', (code) => {
      out.flush();
      err.flush();
      this.signal({ type: 'death', death: { failure: (during) => exitFailure(code, during) } });
    });
  }

  protected send(json: string): boolean {
    if (!this.worker || this.dead) return false;
    this.worker.postMessage(json);
    return true;
  }

  protected async kill(): Promise<void> {
    this.dead = true;
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    await worker.terminate();
  }

  private errorDeath(error: Error & { code?: string }): Death {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return { failure: () => memoryFailure(this.settings.memoryMB) };
    }
    const serialized = { name: error.name, message: error.message, stack: error.stack ?? '' };
    return {
      failure: (during) =>
        during === 'init' ? initErrorFailure(serialized) : crashFailure(serialized),
    };
  }
}
