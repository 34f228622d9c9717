/**
 * Worker threads booted ahead of need. Starting a Node.js thread costs tens of milliseconds
 * (more on a loaded machine) before any of the function's code runs: a cost of the emulator,
 * not of Lambda or of the module. One booted thread per memory size waits in reserve, so a
 * cold start pays for the module's init and little else; the reserve refills in the background.
 * Reserve threads are unref'd and never keep the process alive.
 */
import { Worker } from 'node:worker_threads';
import { nodeWorkerPath } from './assets.ts';
import { containerEnvironment } from './environment.ts';

const reserve = new Map<number, Worker>();
const online = new WeakSet<Worker>();

function boot(memoryMB: number): Worker {
  const worker = new Worker(nodeWorkerPath(), {
    // The function's memory setting caps the V8 heap; the young generation gets a share.
    resourceLimits: {
      maxOldGenerationSizeMb: memoryMB,
      maxYoungGenerationSizeMb: Math.min(64, Math.max(4, Math.round(memoryMB / 16))),
      stackSizeMb: 4,
    },
    // No `stdout: true`: worker.mjs sends what the handler writes to process.stdout/stderr as
    // log lines already, and a parent reading a worker's stdio stream holds the process open
    // until the thread ends (a forgotten dispose() would then never let it exit).
    // Stack frames of bundled TypeScript handlers point at the .ts sources (inline source maps).
    execArgv: ['--enable-source-maps'],
    env: containerEnvironment(),
  });
  worker.unref();
  worker.once('online', () => online.add(worker));
  const forget = () => {
    if (reserve.get(memoryMB) === worker) reserve.delete(memoryMB);
  };
  // Until a container takes it, nobody else listens: an error here must not crash the caller.
  worker.on('error', forget);
  worker.on('exit', forget);
  return worker;
}

/** A booted thread with the heap limit for `memoryMB`, ready for a `load` message. */
export function takeThread(memoryMB: number): Worker {
  const thread = reserve.get(memoryMB) ?? boot(memoryMB);
  reserve.delete(memoryMB);
  const refill = () => {
    if (!reserve.has(memoryMB)) reserve.set(memoryMB, boot(memoryMB));
  };
  if (online.has(thread)) {
    // A booted thread was waiting: cold starts are spaced out. Booting the next one now would
    // compete for the CPU with the very cold start it was taken for (its init measured 7-10 ms
    // with the boot alongside, ~3 ms without), so wait for its first answer or its end.
    const stopWaiting = () => {
      thread.off('message', onMessage);
      thread.off('exit', stopWaiting);
      refill();
    };
    const onMessage = (message: unknown) => {
      if (isFirstAnswer(message)) stopWaiting();
    };
    thread.on('message', onMessage);
    thread.on('exit', stopWaiting);
  } else {
    // Cold starts come faster than threads boot: keep booting back to back, but not two at
    // once, which would only slow both down.
    thread.once('online', refill);
  }
  return thread;
}

/** Results come through shared memory, so worker.mjs says once that it answered; a failed
 * init is the only other first answer. */
function isFirstAnswer(message: unknown): boolean {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'answered' || type === 'init-error';
}

/** Stops the reserve threads (they also end with the process). */
export async function releaseReserveThreads(): Promise<void> {
  const threads = [...reserve.values()];
  reserve.clear();
  await Promise.all(threads.map((worker) => worker.terminate()));
}
