/**
 * What upgrade prints: the per-file plan, the notes, packages left half there, and a summary
 * naming every conflicted file; or all of it as one JSON document (`--json`).
 */
import type { Action, PlannedFile } from './plan.ts';

const ORDER: readonly Action[] = [
  'add',
  'update',
  'move',
  'migrate',
  'remove',
  'merge-clean',
  'conflict',
  'keep',
];
const WIDTH = Math.max(...ORDER.map((action) => action.length)) + 2;

export interface PlanReport {
  project: string;
  name: string;
  from: string;
  to: string;
  /** Whether an upgrade would change anything (what --check's exit code says). */
  due: boolean;
  base: { source: string };
  notes: string[];
  files: PlannedFile[];
  orphans: Array<{ dir: string; kept: string[] }>;
}

export function formatPlan(report: PlanReport): string {
  let text = `Upgrade ${report.name}: create-edge-app ${report.from} → ${report.to} (merge base ${report.base.source})\n`;
  for (const note of report.notes) text += `  note: ${note}\n`;
  if (report.files.length === 0) text += '  nothing to change: the project is up to date.\n';
  const sorted = [...report.files].sort(
    (a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action) || (a.path < b.path ? -1 : 1),
  );
  for (const file of sorted)
    text += `  ${file.action.padEnd(WIDTH)}${file.path}  (${file.reason})\n`;
  for (const orphan of report.orphans) {
    text += `  note: ${orphan.dir}/ was removed from the template, but it still holds files you edited (${orphan.kept.join(', ')}): they are kept, the rest of the package is not. Move what you need elsewhere, or delete the directory.\n`;
  }
  return text;
}

/** The plan as JSON: the same facts, without the merged contents. */
export function planJson(report: PlanReport): string {
  const files = report.files.map((file) => ({
    path: file.path,
    action: file.action,
    reason: file.reason,
    ...(file.movedFrom ? { movedFrom: file.movedFrom } : {}),
    ...(file.conflicts ? { conflicts: file.conflicts } : {}),
    ...(file.conflictKeys ? { conflictKeys: file.conflictKeys } : {}),
    ...(file.binary ? { binary: true } : {}),
  }));
  const summary: Partial<Record<Action, number>> = {};
  for (const file of report.files) summary[file.action] = (summary[file.action] ?? 0) + 1;
  return `${JSON.stringify(
    {
      project: report.project,
      name: report.name,
      from: report.from,
      to: report.to,
      due: report.due,
      mergeBase: report.base.source,
      notes: report.notes,
      summary,
      files,
      orphanedPackages: report.orphans,
    },
    null,
    2,
  )}\n`;
}

export function countActions(plan: readonly PlannedFile[]): string {
  const parts: string[] = [];
  for (const action of ORDER) {
    const count = plan.filter((file) => file.action === action).length;
    if (count > 0) parts.push(`${count} ${action}`);
  }
  return parts.join(', ');
}

export function conflictSummary(plan: readonly PlannedFile[], style: 'inline' | 'rej'): string {
  const conflicted = plan.filter((file) => file.action === 'conflict');
  if (conflicted.length === 0) return '';
  const text = conflicted.filter((file) => !file.binary);
  const binary = conflicted.filter((file) => file.binary);
  let summary = '';
  if (text.length > 0) {
    const lines = text.map((file) => `  ${file.path} (${describe(file)})\n`);
    summary +=
      style === 'rej'
        ? `Conflicts in ${text.length} file(s); yours is kept in each, the template's side is in <file>.rej:\n${lines.join('')}Take what you want from each .rej, delete it, then commit.\n`
        : `Conflicts in ${text.length} file(s), marked inline with <<<<<<< / >>>>>>>:\n${lines.join('')}Resolve each (keep what you want, delete the markers), git add it, then commit.\n`;
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

function describe(file: PlannedFile): string {
  if (file.conflictKeys) return `both changed ${file.conflictKeys.map((k) => `"${k}"`).join(', ')}`;
  return `${file.conflicts} conflict${file.conflicts === 1 ? '' : 's'}`;
}
