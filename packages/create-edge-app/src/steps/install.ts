/**
 * `pnpm install` in the new project. The generated workspace pins pnpm 10.34.8
 * (`packageManager`); without pnpm on PATH the same version runs through npx.
 *
 * The install runs in a process group of its own (npx, pnpm and whatever they start), so that
 * a stop reaches all of it: a signal to the CLI alone (`kill <pid>`) would otherwise leave pnpm
 * running, writing node_modules and a lockfile into a project that is being rolled back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '../errors.ts';
import { onPath } from './commands.ts';

export const PNPM_VERSION = '10.34.8';

export interface PnpmCommand {
  file: string;
  /** Arguments before pnpm's own (npx's). */
  prefix: string[];
  /** How to show it to a person. */
  display: string;
}

export function pnpmCommand(env: NodeJS.ProcessEnv = process.env): PnpmCommand {
  if (onPath('pnpm', env)) return { file: 'pnpm', prefix: [], display: 'pnpm' };
  return {
    file: 'npx',
    prefix: ['-y', `pnpm@${PNPM_VERSION}`],
    display: `npx pnpm@${PNPM_VERSION}`,
  };
}

/**
 * What `npm exec` / `npx` set for the one command they run. Inherited by the install's own
 * `npx pnpm@…`, they describe the outer run instead: `npm_config_package` makes that npx run
 * the outer package (`sh: pnpm@10.34.8: not found`), `npm_config_local_prefix` points it at
 * the outer directory. The user's own settings (registry, cache, proxy, ...) are kept.
 */
const OUTER_RUN_VARIABLES = new Set([
  'npm_config_package',
  'npm_config_call',
  'npm_config_local_prefix',
  'npm_command',
  'npm_execpath',
  'npm_node_execpath',
  'npm_lifecycle_event',
  'npm_lifecycle_script',
  'npm_package_json',
]);

export function installEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !OUTER_RUN_VARIABLES.has(name.toLowerCase())),
  );
}

/** How long the install's processes get to end after SIGTERM, then after SIGKILL. */
const STOP_GRACE_MS = 3000;
/** Process groups are a POSIX notion; on Windows only the child itself can be stopped. */
const OWN_GROUP = process.platform !== 'win32';

type Exit = { code: number | null; signal: NodeJS.Signals | null } | { error: Error };

export async function installDependencies(
  projectDir: string,
  pnpm: PnpmCommand,
  signal: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  signal.throwIfAborted();
  const child = spawn(pnpm.file, [...pnpm.prefix, 'install'], {
    cwd: projectDir,
    // pnpm's progress goes straight to the terminal; it must never wait for input.
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: OWN_GROUP,
    env: installEnvironment(env),
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (error) => resolve({ error }));
    child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal }));
  });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped = stopProcessTree(child);
  };
  signal.addEventListener('abort', stop, { once: true });
  try {
    const exit = await exited;
    if (signal.aborted) {
      await stopped;
      signal.throwIfAborted();
    }
    const reason = failureReason(exit, pnpm);
    if (reason === undefined) return;
    throw new CliError(
      'install-failed',
      `${pnpm.display} install failed in ${projectDir}: ${reason}.`,
      {
        hint: `The project is written. Fix the problem shown above, then run \`${pnpm.display} install\` there.`,
        cause: 'error' in exit ? exit.error : undefined,
      },
    );
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

function failureReason(exit: Exit, pnpm: PnpmCommand): string | undefined {
  if ('error' in exit) {
    const code = (exit.error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${pnpm.file} is not on PATH` : exit.error.message;
  }
  if (exit.signal) return `it was stopped by ${exit.signal}`;
  return exit.code === 0 ? undefined : `it exited with code ${exit.code}`;
}

/**
 * Ends the install's whole process group, and returns once none of it is left: SIGTERM, then
 * SIGKILL for what is still there after a grace period.
 */
async function stopProcessTree(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (!OWN_GROUP) {
    child.kill('SIGTERM');
    return;
  }
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (!signalGroup(pid, signal)) return;
    if (await groupEnded(pid, STOP_GRACE_MS)) return;
  }
}

/** False when the group has no process left. */
function signalGroup(groupId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}

async function groupEnded(groupId: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!signalGroup(groupId, 0)) return true;
    await sleep(20);
  }
  return !signalGroup(groupId, 0);
}
