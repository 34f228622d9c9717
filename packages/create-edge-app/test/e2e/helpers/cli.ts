/**
 * Running the BUILT CLI (bin/create-edge-app.js → dist/) the way a user does, as a child
 * process with no terminal on stdin. Every run has a kill timer so that a hang fails the test
 * instead of stalling the suite.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const PACKAGE_DIR = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../../bin/create-edge-app.js', import.meta.url));
export const DIST_DIR = fileURLToPath(new URL('../../../dist/', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(`${DIST_DIR}index.js`)) {
    throw new Error(
      'packages/create-edge-app/dist is missing: run `pnpm build` at the repository root first (`pnpm test` does).',
    );
  }
}

/** A git identity for machines without a global git config (a user's own config wins). */
export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

export interface CliRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** True when the kill timer had to stop it. */
  timedOut: boolean;
}

export async function runCli(
  args: string[],
  options: {
    cwd: string;
    timeoutMs?: number;
    nodeOptions?: string[];
    bin?: string;
    env?: Record<string, string>;
    /** Run as this user (and group): the tests run as root on some machines. */
    uid?: number;
    gid?: number;
  },
): Promise<CliRun> {
  const result = await execa(
    'node',
    [...(options.nodeOptions ?? []), options.bin ?? BIN, ...args],
    {
      cwd: options.cwd,
      stdin: 'ignore',
      reject: false,
      timeout: options.timeoutMs ?? 60_000,
      ...(options.env ? { env: options.env } : {}),
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
    },
  );
  return {
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    timedOut: result.timedOut,
  };
}
