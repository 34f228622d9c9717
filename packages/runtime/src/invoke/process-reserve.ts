/**
 * Python processes started ahead of need, as thread-reserve.ts does for Node.js: starting an
 * interpreter costs tens to hundreds of milliseconds (more behind a version manager's shim)
 * before the function's module is touched. One started bootstrap per interpreter command waits
 * for its `load` line; taking it starts the next one, unless the taken one had to be started on
 * the spot, in which case the next waits until it has answered. Reserve processes hold no
 * reference on the caller's event loop and exit when their stdin closes (when the caller's
 * process ends).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { getPriority, setPriority } from 'node:os';
import { pythonBootstrapPath } from './assets.ts';

/** worker.mjs lowers Node.js container threads by the same step. */
const CONTAINER_NICE = 5;

interface Started {
  child: ChildProcessWithoutNullStreams;
  /** The process failed to start or already ended: not usable. */
  gone: boolean;
}

const reserve = new Map<string, Started>();

function start(python: string): Started {
  const child = spawn(python, [pythonBootstrapPath()], {
    stdio: 'pipe',
    env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  });
  // Below the caller, as worker.mjs puts Node.js container threads (nice +5; why is there).
  if (child.pid !== undefined) {
    try {
      setPriority(child.pid, Math.min(19, getPriority(child.pid) + CONTAINER_NICE));
    } catch {
      // Not allowed here: the process keeps its priority.
    }
  }
  const started: Started = { child, gone: false };
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as Socket).unref?.();
  }
  const forget = () => {
    started.gone = true;
    if (reserve.get(python) === started) reserve.delete(python);
  };
  // Until a container takes it, nobody else listens: a spawn error must not crash the caller.
  child.on('error', forget);
  child.on('exit', forget);
  child.stdin.on('error', () => {});
  return started;
}

/** A started bootstrap for `python`, waiting for its load line. */
export function takePythonProcess(python: string): ChildProcessWithoutNullStreams {
  const reserved = reserve.get(python);
  reserve.delete(python);
  // A reserved process that already failed would hide the failure from the container: start
  // one whose errors the container sees.
  const fromReserve = reserved !== undefined && !reserved.gone;
  const taken = fromReserve ? reserved : start(python);
  let refilled = false;
  const refill = () => {
    if (refilled) return;
    refilled = true;
    if (!reserve.has(python)) reserve.set(python, start(python));
  };
  if (fromReserve) {
    setImmediate(refill);
  } else {
    // Started just now: let it finish starting before the next one competes for the CPU, and
    // start none when the interpreter cannot be started at all.
    taken.child.stdout.once('data', refill);
    taken.child.once('exit', (code) => {
      if (code !== null) refill();
    });
  }
  return taken.child;
}
