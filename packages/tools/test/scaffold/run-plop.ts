/**
 * Runs the workspace's plop (`pnpm gen`) in a child process, as a user would: with bypass
 * arguments and no terminal, or under `script` for a pseudo-terminal, answering prompts as
 * they appear.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface PlopRun {
  code: number | null;
  output: string;
}

/** The environment without pnpm's markers, so the generator never runs `pnpm install`. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.npm_execpath;
  delete env.npm_config_user_agent;
  return env;
}

export function runPlop(root: string, args: string[]): Promise<PlopRun> {
  const plop = join(root, 'node_modules', '.bin', 'plop');
  const child = spawn(plop, ['--plopfile', join(root, 'plopfile.mjs'), ...args], {
    cwd: root,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child);
}

export interface Exchange {
  /** Text that shows the prompt is waiting. */
  waitFor: string | RegExp;
  /** Keystrokes to send then. */
  send: string;
}

export const KEY = { enter: '\r', down: '\u001b[B', up: '\u001b[A' };

/**
 * Runs plop under a pseudo-terminal (`script -qfc`) and plays the exchanges in order, each
 * once its prompt text has appeared after the previous answer.
 */
export function runPlopInteractively(
  root: string,
  args: string[],
  exchanges: Exchange[],
): Promise<PlopRun> {
  const plop = join(root, 'node_modules', '.bin', 'plop');
  const command = [plop, '--plopfile', join(root, 'plopfile.mjs'), ...args]
    .map((part) => `'${part.replace(/'/g, "'\\''")}'`)
    .join(' ');
  const child = spawn('script', ['-qfc', command, '/dev/null'], {
    cwd: root,
    env: { ...childEnv(), TERM: 'xterm', COLUMNS: '120', LINES: '40' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let seen = 0;
  let output = '';
  const pending = [...exchanges];
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    const next = pending[0];
    if (!next) return;
    const rest = stripAnsi(output.slice(seen));
    const found =
      typeof next.waitFor === 'string' ? rest.includes(next.waitFor) : next.waitFor.test(rest);
    if (found) {
      pending.shift();
      seen = output.length;
      child.stdin?.write(next.send);
      if (pending.length === 0) child.stdin?.end();
    }
  });
  return collect(child, () => output);
}

function collect(
  child: ReturnType<typeof spawn>,
  interactiveOutput?: () => string,
): Promise<PlopRun> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  // A prompt that never gets its answer would hang: stop the child after a bound.
  const guard = setTimeout(() => child.kill('SIGKILL'), 80_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, output: stripAnsi(interactiveOutput ? interactiveOutput() : output) });
    });
  });
}

export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes are control characters
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}
