/**
 * The memory a container process holds, as Lambda counts it against the function's memory
 * size: the whole resident footprint (the runtime itself, the heap, Buffers and other memory
 * outside it), not the V8 heap alone. Lambda's "Max Memory Used" includes the runtime too.
 *
 * Read from /proc on Linux, where reading costs a few microseconds and works while the
 * container is busy in synchronous code. Elsewhere nothing is sampled from outside: the
 * container's own figure after each invocation and the V8 heap limit remain.
 */
import { readFileSync } from 'node:fs';

const KB_PER_MB = 1024;
let procAvailable = process.platform === 'linux';

/** Resident set size of `pid` in MB (rounded up), or undefined when it cannot be read. */
export function residentMB(pid: number): number | undefined {
  if (!procAvailable) return undefined;
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch (error) {
    // The process ended (ENOENT/ESRCH); anything else means /proc is not usable here.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ESRCH') procAvailable = false;
    return undefined;
  }
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Math.ceil(Number(match[1]) / KB_PER_MB) : undefined;
}

/** How often a running container's footprint is read. */
export const SAMPLE_INTERVAL_MS = 5;

/**
 * Reads `pid`'s footprint every few milliseconds while started, and calls `over` once when it
 * exceeds `limitMB`. `peakMB` is the highest figure seen.
 */
export class MemoryWatch {
  peakMB = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly pid: number,
    private readonly limitMB: number,
    private readonly over: (usedMB: number) => void,
  ) {}

  /** Takes one reading; true when within the limit. */
  sample(): boolean {
    const used = residentMB(this.pid);
    if (used === undefined) return true;
    this.record(used);
    if (used <= this.limitMB) return true;
    this.stop();
    this.over(used);
    return false;
  }

  /** A figure the container reported itself (its own RSS after an invocation). */
  record(usedMB: number): void {
    if (usedMB > this.peakMB) this.peakMB = usedMB;
  }

  start(): void {
    if (this.timer || !procAvailable) return;
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
    // The invocation's own timeout keeps the caller alive; this timer must not.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
