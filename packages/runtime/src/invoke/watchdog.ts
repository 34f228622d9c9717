/**
 * One clock for every container of this process: while a container works (its init or an
 * invocation), the watchdog ends it at its deadline or when its footprint passes its memory
 * size. A single timer ticks every few milliseconds while anything is watched, instead of two
 * timers set and cleared per invocation: at a tenth of a millisecond per warm invocation, that
 * bookkeeping is worth sparing. A timeout fires at most one tick late.
 */
import { residentMB } from './memory.ts';

/** How often deadlines are checked and working containers' footprints read. */
export const TICK_MS = 5;
/** Ticks with nothing watched before the timer stops. */
const IDLE_TICKS = 20;

export interface Watched {
  /** The container process; its footprint is read while it works (Linux). */
  pid: number | undefined;
  limitMB: number;
  /** performance.now() when the work started, and when it must have ended. */
  since: number;
  deadline: number;
  /** Called once, and the entry is no longer watched. */
  timedOut(): void;
  overMemory(usedMB: number): void;
  /** Each footprint read. */
  measured(usedMB: number): void;
}

const watched = new Set<Watched>();
let ticker: ReturnType<typeof setInterval> | undefined;
let idleTicks = 0;

export function watch(entry: Watched): void {
  watched.add(entry);
  idleTicks = 0;
  ticker ??= setInterval(tick, TICK_MS);
  // While a container works the caller waits for it, as for any timer of its own.
  ticker.ref();
}

export function unwatch(entry: Watched): void {
  watched.delete(entry);
  // An idle container keeps nobody alive.
  if (watched.size === 0) ticker?.unref();
}

function tick(): void {
  if (watched.size === 0) {
    if (++idleTicks >= IDLE_TICKS) {
      clearInterval(ticker);
      ticker = undefined;
    }
    return;
  }
  const now = performance.now();
  for (const entry of [...watched]) {
    if (now >= entry.deadline) {
      unwatch(entry);
      entry.timedOut();
      continue;
    }
    // Work shorter than a tick is measured by the container itself when it answers.
    if (entry.pid === undefined || now - entry.since < TICK_MS) continue;
    const used = residentMB(entry.pid);
    if (used === undefined) continue;
    entry.measured(used);
    if (used > entry.limitMB) {
      unwatch(entry);
      entry.overMemory(used);
    }
  }
}
