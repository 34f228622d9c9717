/**
 * The clean-tree precondition (copier, cruft and `ng update` all have one): an upgrade is
 * reviewed as a diff, which only works from a clean state. A project outside git has no
 * such state to protect; it is upgraded without the check.
 */
import { CliError } from '../errors.ts';

export type TreeState =
  | { kind: 'not-a-repository' }
  | { kind: 'clean' }
  | { kind: 'dirty'; entries: string[] };

export async function inspectTree(root: string): Promise<TreeState> {
  const { execa } = await import('execa');
  const status = await execa('git', ['status', '--porcelain', '--untracked-files=all', '--', '.'], {
    cwd: root,
    stdin: 'ignore',
    reject: false,
  });
  if (status.failed) return { kind: 'not-a-repository' };
  const entries = status.stdout.split('\n').filter((line) => line.length > 0);
  return entries.length === 0 ? { kind: 'clean' } : { kind: 'dirty', entries };
}

export function refuseDirtyTree(state: TreeState): void {
  if (state.kind !== 'dirty') return;
  const shown = state.entries.slice(0, 5).map((line) => line.slice(3));
  const more = state.entries.length > 5 ? ` and ${state.entries.length - 5} more` : '';
  throw new CliError(
    'dirty-tree',
    `The project has uncommitted changes (${shown.join(', ')}${more}); an upgrade on top of them could not be reviewed or undone on its own.`,
    { hint: 'Commit or stash your changes first, or pass --allow-dirty to upgrade anyway.' },
  );
}
