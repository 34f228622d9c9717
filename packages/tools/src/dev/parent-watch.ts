/**
 * `pnpm dev` runs `edge dev` through a shell (`pnpm → sh -c → edge`), and pnpm does not pass a
 * SIGTERM on: stopped alone, it exits and leaves the dev server running, port and containers
 * included. So the server watches the processes that started it and stops when one of them
 * is gone, as it does on SIGTERM.
 *
 * Linux: the parent and the grandparent, each identified by its pid and start time (a pid
 * can be reused). Elsewhere: the parent (process.ppid changes when it dies).
 */
import { readFileSync } from 'node:fs';

const POLL_MS = 500;

interface Ancestor {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: when it started, in clock ticks since boot. */
  started: string;
}

function statOf(pid: number): { ppid: number; started: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: count the fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), started: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

function ancestors(): Ancestor[] {
  const found: Ancestor[] = [];
  let pid = process.ppid;
  for (let level = 0; level < 2 && pid > 1; level++) {
    const stat = statOf(pid);
    if (!stat) break;
    found.push({ pid, started: stat.started });
    pid = stat.ppid;
  }
  return found;
}

/** Calls `gone` once, when a process that started this one has ended. Returns a stop function. */
export function onLauncherExit(gone: () => void): () => void {
  const watched = process.platform === 'linux' ? ancestors() : [];
  const parent = process.ppid;
  const timer = setInterval(() => {
    const ended =
      process.ppid !== parent ||
      watched.some((ancestor) => statOf(ancestor.pid)?.started !== ancestor.started);
    if (!ended) return;
    clearInterval(timer);
    gone();
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
