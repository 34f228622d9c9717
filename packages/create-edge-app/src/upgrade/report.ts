/** What upgrade prints: the per-file plan, then a summary naming every conflicted file. */
import type { Action, PlannedFile } from './plan.ts';

const ORDER: readonly Action[] = ['add', 'update', 'remove', 'merge-clean', 'conflict', 'keep'];
const WIDTH = Math.max(...ORDER.map((action) => action.length)) + 2;

export function formatPlan(plan: readonly PlannedFile[]): string {
  if (plan.length === 0) return '  nothing to change: the project is up to date.\n';
  const sorted = [...plan].sort(
    (a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action) || (a.path < b.path ? -1 : 1),
  );
  return sorted
    .map((file) => `  ${file.action.padEnd(WIDTH)}${file.path}  (${file.reason})\n`)
    .join('');
}

export function countActions(plan: readonly PlannedFile[]): string {
  const parts: string[] = [];
  for (const action of ORDER) {
    const count = plan.filter((file) => file.action === action).length;
    if (count > 0) parts.push(`${count} ${action}`);
  }
  return parts.join(', ');
}

export function conflictSummary(plan: readonly PlannedFile[]): string {
  const conflicted = plan.filter((file) => file.action === 'conflict');
  if (conflicted.length === 0) return '';
  const text = conflicted.filter((file) => !file.binary);
  const binary = conflicted.filter((file) => file.binary);
  let summary = '';
  if (text.length > 0) {
    const lines = text.map(
      (file) => `  ${file.path} (${file.conflicts} conflict${file.conflicts === 1 ? '' : 's'})\n`,
    );
    summary += `Conflicts in ${text.length} file(s), marked inline with <<<<<<< / >>>>>>>:\n${lines.join('')}Resolve each (keep what you want, delete the markers), git add it, then commit.\n`;
  }
  if (binary.length > 0) {
    const lines = binary.map(
      (file) =>
        `  ${file.path} (yours is kept; \`git checkout --theirs -- ${file.path}\` takes the template's)\n`,
    );
    summary += `Conflicts in ${binary.length} binary file(s), which cannot be merged: you changed them and so did the template.\n${lines.join('')}Keep one of the two, git add it, then commit.\n`;
  }
  return summary;
}
