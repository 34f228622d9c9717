/**
 * A pseudo-terminal session: util-linux `script` gives the child a real tty (so stdin.isTTY
 * is true and clack reads raw keystrokes), while this process writes keys into script's stdin
 * and reads the screen from its stdout. No native module needed.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export const KEYS = {
  enter: '\r',
  down: '\x1b[B',
  space: ' ',
  ctrlC: '\x03',
} as const;

// CSI sequences, OSC sequences and charset selections: what clack and the tty emit.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export interface PtySession {
  /** Resolves once the screen (ANSI stripped) shows `text` after what earlier waits matched. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  send(keys: string): void;
  exit: Promise<number | null>;
  screen(): string;
  /** Everything written, escape sequences included. */
  raw(): string;
  /** The pid of `script`, whose descendant the command is. */
  pid: number;
}

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function startPty(
  command: string[],
  cwd: string,
  /** `env`: added to this process's environment; an undefined value removes that variable. */
  options: { killAfterMs?: number; env?: Record<string, string | undefined> } = {},
): PtySession {
  const shell = `stty cols 100 rows 40; exec ${command.map(quote).join(' ')}`;
  const child: ChildProcess = spawn('script', ['-qfec', shell, '/dev/null'], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: Object.fromEntries(
      Object.entries({ ...process.env, ...options.env }).filter(([, value]) => value !== undefined),
    ),
  });
  let output = '';
  let seen = 0;
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000);
  const exit = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve(code);
      for (const listener of listeners) listener();
    });
  });

  return {
    waitFor(text, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        const check = () => {
          const clean = stripAnsi(output);
          const at = clean.indexOf(text, seen);
          if (at !== -1) {
            seen = at + text.length;
            done();
            resolve();
          } else if (child.exitCode !== null) {
            done();
            reject(new Error(`exited (${child.exitCode}) before showing "${text}":\n${clean}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`"${text}" did not appear within ${timeoutMs} ms:\n${stripAnsi(output)}`),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    send(keys) {
      child.stdin?.write(keys);
    },
    exit,
    screen: () => stripAnsi(output),
    raw: () => output,
    pid: child.pid as number,
  };
}
