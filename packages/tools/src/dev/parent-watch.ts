/**
 * `pnpm dev` runs `edge dev` through a shell (`pnpm → sh -c → edge`, under npx one level more),
 * and pnpm does not pass a SIGTERM on: stopped alone, it exits and leaves the dev server
 * running, port and containers included. So the server watches the processes that launched it
 * and stops when one of them is gone, as it does on SIGTERM.
 *
 * Linux: the chain of launchers above it (shells run with -c, Node.js, npm, npx, pnpm), up to
 * the first process that is none of these, such as the developer's own shell, which is not
 * watched (`nohup pnpm dev &` outlives it); each by pid and start time, as pids are reused.
 * Elsewhere: the parent (process.ppid changes when it dies).
 */
import { readFileSync } from 'node:fs';

const POLL_MS = 500;

interface Ancestor {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: when it started, in clock ticks since boot. */
  started: string;
}

/** The command names of processes that launch scripts (a short name, as /proc shows it). */
const LAUNCHER = /^(sh|dash|node|npm|npx|pnpm|yarn)\b/;
const MAX_LAUNCHERS = 8;

function statOf(pid: number): { command: string; ppid: number; started: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: count the fields after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    return { command, ppid: Number(fields[1]), started: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

function launchers(): Ancestor[] {
  const found: Ancestor[] = [];
  let pid = process.ppid;
  while (found.length < MAX_LAUNCHERS && pid > 1) {
    const stat = statOf(pid);
    if (!stat || !LAUNCHER.test(stat.command)) break;
    found.push({ pid, started: stat.started });
    pid = stat.ppid;
  }
  return found;
}

/** Calls `gone` once, when a process that started this one has ended. Returns a stop function. */
export function onLauncherExit(gone: () => void): () => void {
  const watched = process.platform === 'linux' ? launchers() : [];
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
