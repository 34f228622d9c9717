/**
 * After a conflicted merge, git's index is told the file is unmerged (stages 1, 2 and 3:
 * base, the owner's, the template's), as `git merge` itself would leave it. Then `git status`
 * lists it as "both modified", merge tools and IDEs offer to resolve it, and `git commit`
 * refuses to run until it is resolved and added: markers are not committed by accident
 * (copier-org/copier#1833 added this to copier for the same reason).
 */
import type { PlannedFile } from './plan.ts';

const NULL_SHA = '0000000000000000000000000000000000000000';

/** Returns why it could not be done, or undefined when done (or nothing to do). */
export async function markConflictsUnmerged(
  root: string,
  plan: readonly PlannedFile[],
): Promise<string | undefined> {
  const conflicted = plan.filter((file) => file.action === 'conflict' && file.sides);
  if (conflicted.length === 0) return undefined;
  const { execa } = await import('execa');
  const git = (args: string[], input?: Buffer | string) =>
    execa('git', args, {
      cwd: root,
      reject: false,
      ...(input === undefined ? { stdin: 'ignore' } : { input }),
    });
  // --index-info takes paths from the top of the repository, which may be above the project.
  const prefix = await git(['rev-parse', '--show-prefix']);
  if (prefix.failed) return undefined;
  const lines: string[] = [];
  for (const file of conflicted) {
    const sides = file.sides!;
    const path = `${prefix.stdout.trim()}${file.path}`;
    const mode = sides.ours.executable ? '100755' : '100644';
    lines.push(`0 ${NULL_SHA}\t${path}`);
    const stages: Array<[number, Buffer | undefined]> = [
      [1, sides.base],
      [2, sides.ours.bytes],
      [3, sides.theirs.bytes],
    ];
    for (const [stage, bytes] of stages) {
      if (!bytes) continue;
      const object = await git(['hash-object', '-w', '--stdin'], bytes);
      if (object.failed) return object.stderr.trim();
      lines.push(`${mode} ${object.stdout.trim()} ${stage}\t${path}`);
    }
  }
  const updated = await git(['update-index', '--index-info'], `${lines.join('\n')}\n`);
  return updated.failed ? updated.stderr.trim() : undefined;
}
