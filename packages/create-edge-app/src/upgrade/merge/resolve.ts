/**
 * Runs every merge `classify` asked for: JSON by key (json.ts), text with a base by
 * `git merge-file` (text.ts), text both sides created by its differences (both-created.ts).
 * A binary file is never merged: a line merge of a tarball would corrupt it, and
 * `git merge-file`'s own check for binary files reads only its first 8000 bytes.
 */
import { CliError } from '../../errors.ts';
import { isBinary } from '../../render/base.ts';
import type { Decision, MergeNeeded, PlannedFile } from '../plan.ts';
import { mergeBothCreated } from './both-created.ts';
import { mergeJson } from './json.ts';
import { type ConflictStyle, type MergeLabels, mergeText, UnmergeableFile } from './text.ts';

export interface MergeOptions {
  labels: MergeLabels;
  style: ConflictStyle;
}

export async function resolvePlan(
  decisions: readonly Decision[],
  options: MergeOptions,
): Promise<PlannedFile[]> {
  const plan: PlannedFile[] = [];
  for (const decision of decisions) {
    if (decision.action !== 'merge') {
      plan.push(decision);
      continue;
    }
    const resolved = await resolveMerge(decision, options);
    if (decision.movedFrom) {
      resolved.movedFrom = decision.movedFrom;
      resolved.reason = `moved from ${decision.movedFrom}; ${resolved.reason}`;
    }
    plan.push(resolved);
  }
  return plan;
}

async function resolveMerge(needed: MergeNeeded, options: MergeOptions): Promise<PlannedFile> {
  const { path, ours, theirs } = needed;
  const bothCreated = needed.base === undefined && !needed.baseIsBinary;
  const sides = { ...(needed.base ? { base: needed.base } : {}), ours, theirs };
  if (
    needed.baseIsBinary ||
    [needed.base, ours.bytes, theirs.bytes].some((b) => b && isBinary(b))
  ) {
    // No markers: the owner's file stays, the template's is stage 3 in git's index.
    return {
      path,
      action: 'conflict',
      binary: true,
      reason: bothCreated
        ? 'binary; you already have a different file where the template has one: yours is kept'
        : 'binary; edited by you and changed in the template: yours is kept',
      result: ours,
      conflicts: 1,
      sides,
    };
  }
  if (path.endsWith('.json')) {
    const json = mergeJson(
      { base: needed.base, ours: ours.bytes, theirs: theirs.bytes },
      options.labels,
      options.style,
    );
    if (json) {
      const file = { bytes: json.merged, executable: ours.executable };
      if (json.conflicts.length === 0) {
        return {
          path,
          action: 'merge-clean',
          reason: bothCreated
            ? 'you and the template both have it; merged key by key without conflicts'
            : 'your edits merged with the template changes, key by key',
          result: file,
        };
      }
      return {
        path,
        action: 'conflict',
        reason: `you and the template both changed ${json.conflicts.map((key) => `"${key}"`).join(', ')}`,
        result: file,
        conflicts: json.conflicts.length,
        conflictKeys: json.conflicts,
        sides,
        ...(json.rejected ? { rejected: json.rejected } : {}),
      };
    }
  }
  if (bothCreated) {
    const merged = await mergeBothCreated(
      { ours: ours.bytes, theirs: theirs.bytes },
      options.labels,
      options.style,
    );
    return {
      path,
      action: 'conflict',
      reason: `you have your own version of it, with no common ancestor with the template's; the ${merged.conflicts} place(s) where they differ are marked`,
      result: { bytes: merged.merged, executable: ours.executable },
      conflicts: merged.conflicts,
      sides: { base: merged.common, ours, theirs },
      ...(merged.rejected ? { rejected: merged.rejected } : {}),
    };
  }
  let merged: Awaited<ReturnType<typeof mergeText>>;
  try {
    merged = await mergeText(
      { base: needed.base ?? Buffer.alloc(0), ours: ours.bytes, theirs: theirs.bytes },
      options.labels,
      options.style,
    );
  } catch (error) {
    if (!(error instanceof UnmergeableFile)) throw error;
    throw new CliError('merge-failed', `git merge-file could not merge ${path}: ${error.message}`, {
      hint: 'Nothing was changed. Tell us about it; meanwhile copy the template version by hand.',
      cause: error,
    });
  }
  const file = { bytes: merged.merged, executable: ours.executable };
  if (merged.conflicts === 0) {
    return {
      path,
      action: 'merge-clean',
      reason: 'your edits merged with the template changes',
      result: file,
    };
  }
  return {
    path,
    action: 'conflict',
    reason: 'your edits and the template changes overlap',
    result: file,
    conflicts: merged.conflicts,
    sides,
    ...(merged.rejected ? { rejected: merged.rejected } : {}),
  };
}
