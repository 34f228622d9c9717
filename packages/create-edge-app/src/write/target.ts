/** What is at the target path before anything is written. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors.ts';

export type TargetState =
  | { kind: 'missing' }
  | { kind: 'empty' }
  | { kind: 'non-empty'; entries: string[] };

export function inspectTarget(targetDir: string): TargetState {
  if (!existsSync(targetDir)) return { kind: 'missing' };
  if (!statSync(targetDir).isDirectory()) {
    throw new CliError('target-not-empty', `${targetDir} exists and is not a directory.`, {
      hint: 'Choose another project directory.',
    });
  }
  const entries = readdirSync(targetDir).sort();
  return entries.length === 0 ? { kind: 'empty' } : { kind: 'non-empty', entries };
}

/** "a, b, c and 7 more": enough to recognise the directory without flooding the terminal. */
export function describeEntries(entries: readonly string[], max = 8): string {
  const shown = entries.slice(0, max).join(', ');
  return entries.length > max ? `${shown} and ${entries.length - max} more` : shown;
}

/**
 * The paths under `root` whose kind is wrong for `files` (relative POSIX paths, each to be a
 * file): a directory where a file goes, or a file where a directory is needed on the way to
 * one. Each at most once, in the order found. Shared by create (write/transaction.ts) and
 * upgrade (upgrade/apply.ts), which refuse both before touching anything.
 */
export function typeClashes(root: string, files: Iterable<string>): string[] {
  const clashes = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const path = join(root, ...parts.slice(0, depth));
      if (!existsSync(path)) break;
      const shouldBeDir = depth < parts.length;
      if (statSync(path).isDirectory() !== shouldBeDir) {
        clashes.add(parts.slice(0, depth).join('/'));
        break;
      }
    }
  }
  return [...clashes];
}
