/**
 * A failed file-system call, as something the user can act on: which path, what the system
 * said in words, what to do. `main` turns any error with an errno code into one of these, so
 * a full disk or a read-only directory is never reported as a bug.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from '../errors.ts';

const REASONS: Record<string, { reason: string; hint: string }> = {
  EACCES: {
    reason: 'permission denied',
    hint: 'Choose a directory you can write to, or change its permissions.',
  },
  EPERM: {
    reason: 'the operation is not permitted',
    hint: 'Choose a directory you can write to, or change its permissions.',
  },
  EROFS: {
    reason: 'the file system is read-only',
    hint: 'Choose a directory on a writable file system.',
  },
  ENOSPC: { reason: 'the disk is full', hint: 'Free some space on that disk, then run again.' },
  EDQUOT: {
    reason: 'the disk quota is used up',
    hint: 'Free some space within your quota, then run again.',
  },
  ENOTDIR: {
    reason: 'a part of the path is a file, not a directory',
    hint: 'Choose a path that does not go through a file.',
  },
  EISDIR: { reason: 'it is a directory', hint: 'Move it out of the way, or choose another path.' },
  ENAMETOOLONG: { reason: 'the path is too long', hint: 'Choose a shorter path.' },
  ELOOP: {
    reason: 'the path has too many symbolic links',
    hint: 'Choose a path without a symbolic-link loop.',
  },
  EMFILE: { reason: 'too many files are open', hint: 'Close some programs, then run again.' },
  ENFILE: { reason: 'too many files are open', hint: 'Close some programs, then run again.' },
  EIO: {
    reason: 'the disk reported an input/output error',
    hint: 'Check the disk, then run again.',
  },
};

/** An error from node:fs (or a child process spawn) carrying an errno code. */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as NodeJS.ErrnoException;
  return typeof code === 'string' && typeof syscall === 'string';
}

/**
 * The CliError for a failed call on `error.path`, while writing the project at `targetDir`
 * (when known); `rolledBack` says that the run has undone what it wrote.
 */
export function fileSystemError(
  error: NodeJS.ErrnoException,
  { targetDir, rolledBack = false }: { targetDir?: string; rolledBack?: boolean } = {},
): CliError {
  const path = error.path ?? targetDir ?? 'a file';
  const what = targetDir ? `Cannot write the project to ${targetDir}` : `Cannot write ${path}`;
  const after = rolledBack ? ' Nothing was written.' : '';
  // A directory wanted where a file is: ENOTDIR below it, EEXIST from mkdir on it.
  const blocker =
    error.code === 'ENOTDIR' || error.code === 'EEXIST' ? fileOnTheWay(path) : undefined;
  if (blocker) {
    return new CliError('file-system', `${what}: ${blocker} is a file, not a directory.`, {
      hint: `${REASONS.ENOTDIR?.hint}${after}`,
      cause: error,
    });
  }
  const known = REASONS[error.code ?? ''];
  const reason = known?.reason ?? error.message.replace(/^\w+: /, '');
  const where = targetDir && path !== targetDir ? ` (${path})` : '';
  return new CliError('file-system', `${what}: ${reason}${where} [${error.code}].`, {
    hint: `${known?.hint ?? 'Fix the problem, then run again.'}${after}`,
    cause: error,
  });
}

/** The nearest existing ancestor of `path` (or `path` itself) that is not a directory. */
function fileOnTheWay(path: string): string | undefined {
  for (let at = path; ; at = dirname(at)) {
    if (existsSync(at)) return statSync(at).isDirectory() ? undefined : at;
    if (dirname(at) === at) return undefined;
  }
}
