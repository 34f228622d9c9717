/**
 * The 3-way merge of a text file the owner edited and the template changed, by `git merge-file`
 * (present wherever git is, works outside a repository, exit code = number of conflicts).
 * Conflicts are left as copier leaves them (`--conflict inline|rej`): inline markers labelled
 * "your version" / "create-edge-app <version> template", or the owner's side kept in the file
 * and the template's side of each conflict written to `<file>.rej`.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../errors.ts';

export type ConflictStyle = 'inline' | 'rej';

export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

export interface TextMergeResult {
  merged: Buffer;
  conflicts: number;
  /** With the `rej` style: the template's side of each conflict, for `<file>.rej`. */
  rejected?: string;
}

/** Thrown for a file git cannot merge as text. */
export class UnmergeableFile extends CliError {
  override readonly name = 'UnmergeableFile';
  constructor(message: string) {
    super('merge-failed', message);
  }
}

export async function mergeText(
  sides: { base: Buffer; ours: Buffer; theirs: Buffer },
  labels: MergeLabels,
  style: ConflictStyle,
): Promise<TextMergeResult> {
  const marked = await gitMergeFile(sides, labels, style === 'rej' ? ['--diff3'] : []);
  if (style === 'inline' || marked.conflicts === 0) return marked;
  const kept = await gitMergeFile(sides, labels, ['--ours']);
  return { ...kept, conflicts: marked.conflicts, rejected: rejectedHunks(marked.merged, labels) };
}

/** Runs `git merge-file -p` on the three sides in a temporary directory. */
export async function gitMergeFile(
  sides: { base: Buffer; ours: Buffer; theirs: Buffer },
  labels: MergeLabels,
  options: string[],
): Promise<TextMergeResult> {
  const { execa } = await import('execa');
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'create-edge-app-merge-')));
  try {
    for (const side of ['base', 'ours', 'theirs'] as const) {
      writeFileSync(join(dir, side), sides[side]);
    }
    const labelArgs = ['-L', labels.ours, '-L', labels.base, '-L', labels.theirs];
    const result = await execa(
      'git',
      ['merge-file', '-p', ...options, ...labelArgs, 'ours', 'base', 'theirs'],
      { cwd: dir, stdin: 'ignore', reject: false, encoding: 'buffer', stripFinalNewline: false },
    );
    const code = result.exitCode;
    // Positive codes count conflicts (capped at 127); a failure is -1, i.e. 255.
    if (code === undefined || code < 0 || code > 127) {
      if ((result as { code?: string }).code === 'ENOENT') throw gitMissing();
      throw new UnmergeableFile(Buffer.from(result.stderr).toString('utf8').trim());
    }
    return { merged: Buffer.from(result.stdout), conflicts: code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function gitMissing(): CliError {
  return new CliError(
    'merge-failed',
    'git is not installed; upgrade merges your edits with `git merge-file`.',
    { hint: 'Install git (https://git-scm.com/downloads) and run upgrade again.' },
  );
}

/**
 * From a `--diff3` merge: for each conflict, the template's change as a diff hunk (`-` lines
 * as the old template had them, `+` as the new one has them), and where yours stands.
 */
function rejectedHunks(diff3: Buffer, labels: MergeLabels): string {
  const lines = diff3.toString('utf8').split('\n');
  const hunks: string[] = [];
  let line = 0;
  let oursLine = 0;
  while (line < lines.length) {
    if (lines[line] !== `<<<<<<< ${labels.ours}`) {
      line++;
      oursLine++;
      continue;
    }
    const region = { ours: [] as string[], base: [] as string[], theirs: [] as string[] };
    let part: keyof typeof region = 'ours';
    for (line++; line < lines.length && lines[line] !== `>>>>>>> ${labels.theirs}`; line++) {
      const text = lines[line] as string;
      if (text === `||||||| ${labels.base}`) part = 'base';
      else if (text === '=======') part = 'theirs';
      else region[part].push(text);
    }
    line++;
    hunks.push(
      `@@ conflict ${hunks.length + 1}, at line ${oursLine + 1} of yours (kept) @@\n${[
        ...region.base.map((text) => `-${text}`),
        ...region.theirs.map((text) => `+${text}`),
      ].join('\n')}\n`,
    );
    oursLine += region.ours.length;
  }
  return hunks.join('');
}
