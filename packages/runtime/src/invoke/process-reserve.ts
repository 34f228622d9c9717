/**
 * Container processes started ahead of need. Starting a Node.js process or a Python interpreter
 * costs tens of milliseconds (more on a loaded machine, or behind a version manager's shim)
 * before any of the function's code runs: a cost of running locally, not of Lambda's init. One
 * started process per kind (interpreter and memory size) waits for its `load` message, so a
 * cold start pays mostly for the module's own init.
 *
 * The replacement of a taken process is started once the container it became has finished its
 * init (`refill`), so that it does not compete for the CPU with the very cold start it was
 * taken for. None is started after the first process of a kind: a test file that invokes its
 * handler once, the most common caller, would only pay for a process it never uses. Waiting
 * processes hold no reference on the caller's event loop and end with it (lifetime.ts).
 */
import type { ChildProcess } from 'node:child_process';

interface Reserved {
  child: ChildProcess;
  /** It ended or failed to start while waiting: not usable. */
  gone: boolean;
  forget(): void;
}

const reserve = new Map<string, Reserved>();
/** Processes of each kind this process has asked for. */
const taken = new Map<string, number>();

/** A started process of `kind`: the waiting one, else a new one from `start`. */
export function takeProcess(kind: string, start: () => ChildProcess): ChildProcess {
  taken.set(kind, (taken.get(kind) ?? 0) + 1);
  const reserved = reserve.get(kind);
  reserve.delete(kind);
  if (reserved && !reserved.gone) {
    reserved.child.off('error', reserved.forget);
    reserved.child.off('exit', reserved.forget);
    return reserved.child;
  }
  return start();
}

/**
 * Starts the next process of `kind` to wait in reserve, unless one is waiting already or only
 * one was ever needed.
 */
export function refill(kind: string, start: () => ChildProcess): void {
  if (reserve.has(kind) || (taken.get(kind) ?? 0) < 2) return;
  let child: ChildProcess;
  try {
    child = start();
  } catch {
    return;
  }
  const reserved: Reserved = {
    child,
    gone: false,
    forget: () => {
      reserved.gone = true;
      if (reserve.get(kind) === reserved) reserve.delete(kind);
    },
  };
  // Until a container takes it, nobody else listens: a failure must not reach the caller.
  child.on('error', reserved.forget);
  child.on('exit', reserved.forget);
  reserve.set(kind, reserved);
}
