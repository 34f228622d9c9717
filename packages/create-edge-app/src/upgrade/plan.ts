/**
 * Deciding, file by file, what an upgrade does. Pure: the three versions of each file go in
 * (the old rendering `base`, the owner's file on disk, the new rendering `next`) together with
 * the hashes .edge-app.json recorded, and a decision comes out. Merging is the one step that
 * needs git; `classify` only says which files need it (see merge.ts for `resolvePlan`).
 *
 * "Untouched by the owner" means the file still equals the old rendering. The recorded hash
 * alone cannot say so after an earlier upgrade merged the owner's edits into a file: the
 * record then holds the hash of that merged file, which is not the template's.
 */
import { sha256 } from '../hash.ts';
import { type FileSet, isBinary, isMetaPath, type ProjectFile, sameBytes } from './files.ts';

export type Action = 'add' | 'update' | 'remove' | 'merge-clean' | 'conflict' | 'keep';

export interface PlannedFile {
  path: string;
  action: Action;
  /** One line for the owner: why this action. */
  reason: string;
  /** The file after the upgrade, for add, update, merge-clean and conflict. */
  result?: ProjectFile;
  /** Conflict regions left inline (conflict only). */
  conflicts?: number;
  /**
   * A conflict in a binary file (conflict only): no markers, the owner's file is kept as it
   * is, and the template's version is only in git's index (see conflict-index.ts).
   */
  binary?: boolean;
  /** The merge's inputs (conflict only), for git's index: see conflict-index.ts. */
  sides?: { base?: Buffer; ours: ProjectFile; theirs: ProjectFile };
}

/** A file edited by its owner and changed by the template: the three sides of its merge. */
export interface MergeNeeded {
  path: string;
  action: 'merge';
  /** Absent when there is no common ancestor: both sides added the file. */
  base?: Buffer;
  ours: ProjectFile;
  theirs: ProjectFile;
}

export type Decision = PlannedFile | MergeNeeded;

export interface PlanInput {
  base: FileSet;
  /** Files on disk, at every path that base, next or the record name. */
  owner: FileSet;
  next: FileSet;
  /** .edge-app.json `files`: path → sha256 of what was written last. */
  recorded: Readonly<Record<string, string>>;
  /**
   * False when the base is the old template re-rendered by today's render code (the npm
   * fallback): then a file also counts as untouched when it still has its recorded hash.
   */
  baseExact: boolean;
}

export function classify(input: PlanInput): Decision[] {
  const paths = new Set([
    ...input.base.keys(),
    ...input.next.keys(),
    ...Object.keys(input.recorded),
  ]);
  const decisions: Decision[] = [];
  for (const path of [...paths].sort()) {
    if (isMetaPath(path)) continue;
    const decision = classifyFile(path, input);
    if (decision) decisions.push(decision);
  }
  return decisions;
}

function classifyFile(path: string, input: PlanInput): Decision | undefined {
  const base = input.base.get(path);
  const theirs = input.next.get(path);
  const ours = withTemplateLineEndings(input.owner.get(path), base ?? theirs);
  const recorded = input.recorded[path];
  const generated = base !== undefined || recorded !== undefined;
  const templateChanged = !sameBytes(base, theirs);

  if (!ours) {
    if (!theirs) return undefined;
    if (!generated) {
      return { path, action: 'add', reason: 'new in the template', result: theirs };
    }
    return templateChanged
      ? { path, action: 'keep', reason: 'you deleted it; it stays deleted' }
      : undefined;
  }
  if (sameBytes(ours, theirs)) return undefined;
  if (!generated) {
    // The owner has a file of their own where the template now adds one.
    return theirs ? { path, action: 'merge', ours, theirs } : undefined;
  }
  const untouched =
    sameBytes(ours, base) ||
    (recorded === sha256(ours.bytes) && (base === undefined || !input.baseExact));
  if (untouched) {
    return theirs
      ? { path, action: 'update', reason: 'changed in the template', result: theirs }
      : { path, action: 'remove', reason: 'removed from the template' };
  }
  if (!theirs) {
    return { path, action: 'keep', reason: 'removed from the template; you edited it, so kept' };
  }
  if (!templateChanged) return undefined;
  return { path, action: 'merge', ...(base ? { base: base.bytes } : {}), ours, theirs };
}

/**
 * git with core.autocrlf (the default on Windows) checks text files out with CRLF line
 * endings; the template renders LF. Compared byte for byte, every file would look edited and
 * every line of a merge would conflict, so the owner's file is compared and merged with the
 * template's line endings (git converts them back on checkout).
 */
function withTemplateLineEndings(
  ours: ProjectFile | undefined,
  template: ProjectFile | undefined,
): ProjectFile | undefined {
  if (!ours || !template || template.bytes.includes('\r\n') || !ours.bytes.includes('\r\n')) {
    return ours;
  }
  // git converts text only; a binary file's \r\n bytes are data.
  if (isBinary(ours.bytes) || isBinary(template.bytes)) return ours;
  const text = ours.bytes.toString('latin1').replaceAll('\r\n', '\n');
  return { bytes: Buffer.from(text, 'latin1'), executable: ours.executable };
}

/** Whether applying the plan changes anything (what `--check` reports). */
export function changesAnything(plan: readonly PlannedFile[]): boolean {
  return plan.some((file) => file.action !== 'keep');
}
