/**
 * A file both sides created (the template adds a file where the owner already has one, or one
 * whose base is lost): with no common ancestor, a 3-way merge could only set the two whole
 * files against each other. Instead the lines both have are kept once, and each place where
 * they differ is a conflict of its own, marked inline (or, with `--conflict rej`, yours is kept
 * and the template's differences are written to `<file>.rej` as a diff). The lines both have
 * stand in for the missing base in git's index, so that `git status` shows "both modified",
 * not "both added" with nothing to compare.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConflictStyle, gitMissing, type MergeLabels, type TextMergeResult } from './text.ts';

export interface BothCreatedResult extends TextMergeResult {
  /** The lines both sides have, as git's stage 1. */
  common: Buffer;
}

interface Hunk {
  /** 0-based first line and count on each side. */
  ours: [number, number];
  theirs: [number, number];
}

export async function mergeBothCreated(
  sides: { ours: Buffer; theirs: Buffer },
  labels: MergeLabels,
  style: ConflictStyle,
): Promise<BothCreatedResult> {
  const { hunks, diff } = await lineDiff(sides.ours, sides.theirs);
  const ours = splitLines(sides.ours);
  const theirs = splitLines(sides.theirs);
  const merged: string[] = [];
  const common: string[] = [];
  let at = 0;
  for (const hunk of hunks) {
    const [start, count] = hunk.ours;
    for (; at < start; at++) {
      merged.push(ours[at] as string);
      common.push(ours[at] as string);
    }
    const mine = ours.slice(start, start + count);
    const template = theirs.slice(hunk.theirs[0], hunk.theirs[0] + hunk.theirs[1]);
    if (style === 'rej') merged.push(...mine);
    else {
      merged.push(`<<<<<<< ${labels.ours}\n`, ...terminated(mine), '=======\n');
      merged.push(...terminated(template), `>>>>>>> ${labels.theirs}\n`);
    }
    at = start + count;
  }
  for (; at < ours.length; at++) {
    merged.push(ours[at] as string);
    common.push(ours[at] as string);
  }
  return {
    merged: Buffer.from(merged.join('')),
    conflicts: hunks.length,
    common: Buffer.from(common.join('')),
    ...(style === 'rej' && hunks.length > 0 ? { rejected: diff } : {}),
  };
}

/** Inside a conflict region every line ends, so that the markers stand on lines of their own. */
function terminated(lines: string[]): string[] {
  return lines.map((line) => (line.endsWith('\n') ? line : `${line}\n`));
}

/** Lines with their line endings, so joining them needs no separator. */
function splitLines(bytes: Buffer): string[] {
  return bytes.toString('utf8').match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** `git diff --no-index -U0` between the two, as hunks, and the diff itself. */
async function lineDiff(ours: Buffer, theirs: Buffer): Promise<{ hunks: Hunk[]; diff: string }> {
  const { execa } = await import('execa');
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'create-edge-app-diff-')));
  try {
    writeFileSync(join(dir, 'yours'), ours);
    writeFileSync(join(dir, 'template'), theirs);
    const result = await execa(
      'git',
      [
        'diff',
        '--no-index',
        '--no-color',
        '-U0',
        '--diff-algorithm=histogram',
        'yours',
        'template',
      ],
      { cwd: dir, stdin: 'ignore', reject: false, stripFinalNewline: false },
    );
    if ((result as { code?: string }).code === 'ENOENT') throw gitMissing();
    const hunks: Hunk[] = [];
    for (const match of result.stdout.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
      const [oursStart, oursCount, theirsStart, theirsCount] = [1, 2, 3, 4].map((i) =>
        match[i] === undefined ? 1 : Number(match[i]),
      ) as [number, number, number, number];
      // A count of 0 places the hunk after the given line; otherwise it starts on it.
      hunks.push({
        ours: [oursCount === 0 ? oursStart : oursStart - 1, oursCount],
        theirs: [theirsCount === 0 ? theirsStart : theirsStart - 1, theirsCount],
      });
    }
    return { hunks, diff: result.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
