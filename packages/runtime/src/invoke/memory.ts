/**
 * The memory a container process holds, as Lambda counts it against the function's memory
 * size: the whole resident footprint (the runtime itself, the heap, Buffers and other memory
 * outside it), not the V8 heap alone. Lambda's "Max Memory Used" includes the runtime too.
 *
 * Read from /proc on Linux, where reading costs a few microseconds and works while the
 * container is busy in synchronous code (watchdog.ts reads it while a container works).
 * Elsewhere nothing is read from outside: the container's own figure after each invocation
 * and the V8 heap limit remain.
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
