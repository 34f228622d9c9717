/** What is at the target path before anything is written. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { CliUserError } from '../errors.ts';

export type TargetState =
  | { kind: 'missing' }
  | { kind: 'empty' }
  | { kind: 'non-empty'; entries: string[] };

export function inspectTarget(targetDir: string): TargetState {
  if (!existsSync(targetDir)) return { kind: 'missing' };
  if (!statSync(targetDir).isDirectory()) {
    throw new CliUserError(
      `${targetDir} exists and is not a directory.`,
      'Choose another project directory.',
    );
  }
  const entries = readdirSync(targetDir).sort();
  return entries.length === 0 ? { kind: 'empty' } : { kind: 'non-empty', entries };
}

/** "a, b, c and 7 more": enough to recognise the directory without flooding the terminal. */
export function describeEntries(entries: readonly string[], max = 8): string {
  const shown = entries.slice(0, max).join(', ');
  return entries.length > max ? `${shown} and ${entries.length - max} more` : shown;
}
