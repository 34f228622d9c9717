/**
 * Container processes end with the process that started them: the dev server, a test run,
 * a script. Each container leads its own process group, so that ending it also ends whatever
 * it started (a `sleep` run through execSync); three things end the groups:
 *
 * - the parent's `exit` event, whatever the cause, when the parent ends normally;
 * - the container itself, when its IPC channel closes (container/main.ts);
 * - on POSIX systems, a small `sh` reaper holding the list of groups on its stdin: when the
 *   parent dies without running its exit handlers (SIGKILL, a fatal error), the pipe closes and
 *   the reaper kills every group still listed, including a container stuck in synchronous code
 *   that cannot notice anything itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';

const live = new Set<ChildProcess>();
let reaper: Writable | undefined | null;

// `add <pgid>` / `del <pgid>` lines; at end of input, SIGKILL to every group still listed.
const REAPER_SCRIPT = `
live=" "
while read -r op id; do
  case "$op" in
    add) live="$live$id " ;;
    del) next=" "; for p in $live; do [ "$p" = "$id" ] || next="$next$p "; done; live="$next" ;;
  esac
done
for p in $live; do kill -9 "-$p" 2>/dev/null; done
`;

function startReaper(): Writable | null {
  if (process.platform === 'win32') return null;
  try {
    const child = spawn('sh', ['-c', REAPER_SCRIPT], {
      stdio: ['pipe', 'ignore', 'ignore'],
      // Its own group: a Ctrl-C to the terminal's group must not end it before the parent.
      detached: true,
    });
    child.on('error', () => {
      reaper = null;
    });
    child.unref();
    const input = child.stdin as Socket;
    input.on('error', () => {
      reaper = null;
    });
    // The pipe must not keep the parent alive; its end is the message.
    input.unref();
    return input;
  } catch {
    return null;
  }
}

function tellReaper(line: string): void {
  if (reaper === undefined) reaper = startReaper();
  reaper?.write(`${line}\n`);
}

/**
 * Ends a container's whole process group at once: also what it started, even after the
 * container itself has ended (the process alone where groups don't exist).
 */
export function killTree(child: ChildProcess): void {
  if (child.pid !== undefined && process.platform !== 'win32') {
    try {
      process.kill(-child.pid, 'SIGKILL');
      return;
    } catch {
      // The group is empty, or it is not a group: the process alone.
    }
  }
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Ties a just-started container process (spawned `detached`) to this process's lifetime. */
export function adopt(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (live.size === 0) process.once('exit', endAll);
  live.add(child);
  tellReaper(`add ${pid}`);
  child.once('exit', () => {
    // What the container started dies with it.
    killTree(child);
    live.delete(child);
    if (live.size === 0) process.off('exit', endAll);
    tellReaper(`del ${pid}`);
  });
}

function endAll(): void {
  for (const child of live) killTree(child);
  live.clear();
}

/** How long to wait after a process ended for what it wrote just before. */
const DRAIN_MS = 200;

/**
 * Calls `ended` once a container process has ended and what it wrote before has been read:
 * when its streams close, or shortly after its exit where something it started holds them.
 */
export function whenEnded(
  child: ChildProcess,
  ended: (code: number | null, signal: NodeJS.Signals | null) => void,
): void {
  child.once('exit', (code, signal) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ended(code, signal);
    };
    const timer = setTimeout(finish, DRAIN_MS);
    child.once('close', finish);
  });
}
