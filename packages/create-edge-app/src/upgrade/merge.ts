/**
 * The 3-way merge of a file the owner edited and the template changed, by `git merge-file`
 * (present wherever git is, works outside a repository, exit code = number of conflicts).
 * Conflict markers stay inline, labelled like copier's (style-anchors.md §5), so the owner
 * resolves them in the editor and commits.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../errors.ts';
import { isBinary } from './files.ts';
import type { Decision, MergeNeeded, PlannedFile } from './plan.ts';

export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

export interface MergeResult {
  merged: Buffer;
  conflicts: number;
}

/** Thrown for a file git cannot merge as text (binary). */
export class UnmergeableFile extends Error {
  override readonly name = 'UnmergeableFile';
}

export async function mergeFile(
  sides: { base: Buffer; ours: Buffer; theirs: Buffer },
  labels: MergeLabels,
): Promise<MergeResult> {
  const { execa } = await import('execa');
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'create-edge-app-merge-')));
  try {
    for (const side of ['base', 'ours', 'theirs'] as const)
      writeFileSync(join(dir, side), sides[side]);
    const result = await execa(
      'git',
      [
        'merge-file',
        '-p',
        '-L',
        labels.ours,
        '-L',
        labels.base,
        '-L',
        labels.theirs,
        'ours',
        'base',
        'theirs',
      ],
      { cwd: dir, stdin: 'ignore', reject: false, encoding: 'buffer', stripFinalNewline: false },
    );
    const code = result.exitCode;
    // Positive codes count conflicts (capped at 127); a failure is -1, i.e. 255.
    if (code === undefined || code < 0 || code > 127) {
      if ((result as { code?: string }).code === 'ENOENT') {
        throw new CliError(
          'merge-failed',
          'git is not installed; upgrade merges your edits with `git merge-file`.',
          { hint: 'Install git (https://git-scm.com/downloads) and run upgrade again.' },
        );
      }
      throw new UnmergeableFile(Buffer.from(result.stderr).toString('utf8').trim());
    }
    return { merged: Buffer.from(result.stdout), conflicts: code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type Merger = (sides: {
  base: Buffer;
  ours: Buffer;
  theirs: Buffer;
}) => Promise<MergeResult>;

/** Runs every merge `classify` asked for; the other decisions pass through. */
export async function resolvePlan(
  decisions: readonly Decision[],
  merge: Merger,
): Promise<PlannedFile[]> {
  const plan: PlannedFile[] = [];
  for (const decision of decisions) {
    plan.push(decision.action === 'merge' ? await resolveMerge(decision, merge) : decision);
  }
  return plan;
}

async function resolveMerge(needed: MergeNeeded, merge: Merger): Promise<PlannedFile> {
  const { path, ours, theirs } = needed;
  const bothAdded = needed.base === undefined;
  const sides = { ...(needed.base ? { base: needed.base } : {}), ours, theirs };
  if ([needed.base, ours.bytes, theirs.bytes].some((bytes) => bytes && isBinary(bytes))) {
    // A line merge of a binary file (a vendored tarball) would corrupt it, and git's own
    // check for binary files looks at the first 8000 bytes only. A conflict without markers:
    // the owner's file stays, the template's is stage 3 in git's index.
    return {
      path,
      action: 'conflict',
      binary: true,
      reason: bothAdded
        ? 'binary; you already have a different file where the template adds one: yours is kept'
        : 'binary; edited by you and changed in the template: yours is kept',
      result: ours,
      conflicts: 1,
      sides,
    };
  }
  let result: MergeResult;
  try {
    result = await merge({
      base: needed.base ?? Buffer.alloc(0),
      ours: ours.bytes,
      theirs: theirs.bytes,
    });
  } catch (error) {
    if (!(error instanceof UnmergeableFile)) throw error;
    return {
      path,
      action: 'keep',
      reason: `edited by you and changed in the template, but git cannot merge it (${error.message}); yours is kept, take the template's by hand`,
    };
  }
  const file = { bytes: result.merged, executable: ours.executable };
  if (result.conflicts === 0) {
    return {
      path,
      action: 'merge-clean',
      reason: bothAdded
        ? 'you and the template both added it; merged without conflicts'
        : 'your edits merged with the template changes',
      result: file,
    };
  }
  return {
    path,
    action: 'conflict',
    reason: bothAdded
      ? 'you already have a different file where the template adds one'
      : 'your edits and the template changes overlap',
    result: file,
    conflicts: result.conflicts,
    sides,
  };
}
