/**
 * Deciding, file by file, what an upgrade does. Pure: the three versions of each file go in (the
 * merge base, the owner's file, the new rendering), after the releases' migrations moved and
 * edited them alike (migrations/), together with the hashes .edge-app.json recorded, and a
 * decision comes out. Merging is the one step that needs git; `classify` only says which
 * files need it (see merge/resolve.ts).
 *
 * A file is replaced without a merge only when it is the template's: it equals the merge base,
 * or, where no base was found, it hashes as recorded and the record holds the template's
 * hashes (base/trust.ts). Anything else the owner has is merged or kept.
 */
import { sha256 } from '../hash.ts';
import { type BaseFile, isBinary } from '../render/base.ts';
import { isMetaPath } from '../render/manifest.ts';
import type { FileSet, ProjectFile } from './files.ts';

export type Action =
  | 'add'
  | 'update'
  | 'remove'
  | 'move'
  | 'migrate'
  | 'merge-clean'
  | 'conflict'
  | 'keep';

export interface PlannedFile {
  path: string;
  action: Action;
  /** One line for the owner: why this action. */
  reason: string;
  /** Where the file was before a release moved it; the old path is removed. */
  movedFrom?: string;
  /** The file after the upgrade, for every action but remove and keep. */
  result?: ProjectFile;
  /** Conflict regions (conflict only). */
  conflicts?: number;
  /** JSON keys both sides changed (conflict in a JSON file only). */
  conflictKeys?: string[];
  /** With `--conflict rej`: the template's side of the conflicts, for `<path>.rej`. */
  rejected?: string;
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
  movedFrom?: string;
  /** Absent when there is no known common ancestor: merged as created on both sides. */
  base?: Buffer;
  /** A base known only by its hash (a binary file). */
  baseIsBinary?: boolean;
  ours: ProjectFile;
  theirs: ProjectFile;
}

export type Decision = PlannedFile | MergeNeeded;

export interface PlanInput {
  base: ReadonlyMap<string, BaseFile>;
  /** The owner's files after the migrations, at every path that base, next or the record name. */
  owner: FileSet;
  /** The owner's files as they are on disk. */
  disk: FileSet;
  next: FileSet;
  /** .edge-app.json `files` (after the migrations). */
  recorded: Readonly<Record<string, string>>;
  /** Whether a recorded hash alone shows a file is the template's (base/trust.ts). */
  recordedTrusted: boolean;
  moved: ReadonlyMap<string, { from: string; why: string }>;
  /** Owner's files the migrations edited, with why. */
  edited: ReadonlyMap<string, string>;
  removedWhy: (path: string) => string | undefined;
}

export function classify(input: PlanInput): Decision[] {
  const paths = new Set([
    ...input.base.keys(),
    ...input.next.keys(),
    ...Object.keys(input.recorded),
    ...input.edited.keys(),
  ]);
  const decisions: Decision[] = [];
  for (const path of [...paths].sort()) {
    if (isMetaPath(path)) continue;
    const moved = input.moved.get(path);
    const decision = classifyFile(path, input) ?? migrated(path, input);
    if (!decision) continue;
    if (moved) {
      decision.movedFrom = moved.from;
      if ('reason' in decision)
        decision.reason = `moved from ${moved.from}: ${moved.why}; ${decision.reason}`;
    }
    decisions.push(decision);
  }
  return decisions;
}

function classifyFile(path: string, input: PlanInput): Decision | undefined {
  const base = input.base.get(path);
  const theirs = input.next.get(path);
  const ours = withTemplateLineEndings(input.owner.get(path), base?.bytes ?? theirs?.bytes);
  const recorded = input.recorded[path];
  const generated = base !== undefined || recorded !== undefined;
  const moved = input.moved.has(path);
  const templateChanged =
    base === undefined || theirs === undefined || base.sha256 !== sha256(theirs.bytes);
  const removed = () => {
    const why = input.removedWhy(path);
    return why ? `removed from the template: ${why}` : 'removed from the template';
  };

  if (!ours) {
    if (!theirs) return undefined;
    if (!generated) return { path, action: 'add', reason: 'new in the template', result: theirs };
    return templateChanged || moved
      ? { path, action: 'keep', reason: 'you deleted it; it stays deleted' }
      : undefined;
  }
  if (sameBytes(ours, theirs)) {
    return moved
      ? { path, action: 'move', reason: 'the same as the template', result: ours }
      : undefined;
  }
  if (!generated) {
    // The owner has a file of their own where the template now adds one.
    return theirs ? { path, action: 'merge', ours, theirs } : undefined;
  }
  const hash = sha256(ours.bytes);
  const untouched = base ? hash === base.sha256 : input.recordedTrusted && hash === recorded;
  if (untouched) {
    return theirs
      ? { path, action: 'update', reason: 'changed in the template', result: theirs }
      : { path, action: 'remove', reason: removed() };
  }
  if (!theirs)
    return { path, action: 'keep', reason: `${removed()}; you edited it, so it is kept` };
  if (!templateChanged) {
    return moved
      ? { path, action: 'move', reason: 'your edits go with it', result: ours }
      : undefined;
  }
  if (base && !base.bytes) return { path, action: 'merge', baseIsBinary: true, ours, theirs };
  return { path, action: 'merge', ...(base?.bytes ? { base: base.bytes } : {}), ours, theirs };
}

/** A file only a migration changed (a codemod, a followed import): written as it edited it. */
function migrated(path: string, input: PlanInput): PlannedFile | undefined {
  const why = input.edited.get(path);
  const edited = input.owner.get(path);
  if (!why || !edited || sameBytes(edited, input.disk.get(path))) return undefined;
  return { path, action: 'migrate', reason: why, result: edited };
}

export function sameBytes(a: ProjectFile | undefined, b: ProjectFile | undefined): boolean {
  return a !== undefined && b !== undefined && a.bytes.equals(b.bytes);
}

/**
 * git with core.autocrlf (the default on Windows) checks text files out with CRLF line
 * endings; the template renders LF. Compared byte for byte, every file would look edited and
 * every line of a merge would conflict, so the owner's file is compared and merged with the
 * template's line endings (git converts them back on checkout).
 */
function withTemplateLineEndings(
  ours: ProjectFile | undefined,
  template: Buffer | undefined,
): ProjectFile | undefined {
  if (!ours || !template || template.includes('\r\n') || !ours.bytes.includes('\r\n')) {
    return ours;
  }
  // git converts text only; a binary file's \r\n bytes are data.
  if (isBinary(ours.bytes) || isBinary(template)) return ours;
  const text = ours.bytes.toString('latin1').replaceAll('\r\n', '\n');
  return { bytes: Buffer.from(text, 'latin1'), executable: ours.executable };
}

/** Whether applying the plan changes anything (what `--check` reports). */
export function changesAnything(plan: readonly PlannedFile[]): boolean {
  return plan.some((file) => file.action !== 'keep');
}

/**
 * Packages the template removed whose directory still holds files the owner edited: the
 * package is broken or half there, and only the owner can say whether to delete it.
 */
export function orphanedPackages(
  plan: readonly PlannedFile[],
  base: ReadonlyMap<string, BaseFile>,
  next: FileSet,
): Array<{ dir: string; kept: string[] }> {
  const dirs = new Set(
    [...base.keys()]
      .map((path) => /^(packages\/[^/]+)\/package\.json$/.exec(path)?.[1])
      .filter((dir): dir is string => dir !== undefined)
      .filter((dir) => ![...next.keys()].some((path) => path.startsWith(`${dir}/`))),
  );
  const orphans: Array<{ dir: string; kept: string[] }> = [];
  for (const dir of [...dirs].sort()) {
    const kept = plan
      .filter((file) => file.action === 'keep' && file.path.startsWith(`${dir}/`))
      .filter((file) => !file.reason.startsWith('you deleted'))
      .map((file) => file.path.slice(dir.length + 1));
    if (kept.length > 0) orphans.push({ dir, kept });
  }
  return orphans;
}
