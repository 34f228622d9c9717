import { describe, expect, it } from 'vitest';
import { type Merger, mergeFile, resolvePlan, UnmergeableFile } from '../../src/upgrade/merge.ts';
import type { MergeNeeded } from '../../src/upgrade/plan.ts';

const LABELS = { ours: 'your version', base: 'template 1', theirs: 'template 2' };
const lines = (...items: string[]) => Buffer.from(`${items.join('\n')}\n`);
const gitMerge: Merger = (sides) => mergeFile(sides, LABELS);

describe('mergeFile (git merge-file)', () => {
  it('merges edits to different lines without conflicts', async () => {
    const result = await mergeFile(
      {
        base: lines('a', 'b', 'c', 'd', 'e'),
        ours: lines('a', 'B (mine)', 'c', 'd', 'e'),
        theirs: lines('a', 'b', 'c', 'd', 'E (template)'),
      },
      LABELS,
    );
    expect(result.conflicts).toBe(0);
    expect(result.merged.toString()).toBe(
      lines('a', 'B (mine)', 'c', 'd', 'E (template)').toString(),
    );
  });

  it('leaves labelled markers where both changed the same line, and counts them', async () => {
    const result = await mergeFile(
      {
        base: lines('a', 'b', 'c'),
        ours: lines('a', 'mine', 'c'),
        theirs: lines('a', 'theirs', 'c'),
      },
      LABELS,
    );
    expect(result.conflicts).toBe(1);
    expect(result.merged.toString()).toBe(
      lines(
        'a',
        '<<<<<<< your version',
        'mine',
        '=======',
        'theirs',
        '>>>>>>> template 2',
        'c',
      ).toString(),
    );
  });

  it('refuses binary files with UnmergeableFile', async () => {
    const binary = (byte: number) => Buffer.from([0, 1, 2, byte, 0, 0]);
    await expect(
      mergeFile({ base: binary(3), ours: binary(4), theirs: binary(5) }, LABELS),
    ).rejects.toBeInstanceOf(UnmergeableFile);
  });
});

describe('resolvePlan', () => {
  const merge = (base: Buffer | undefined, ours: string, theirs: string): MergeNeeded => ({
    path: 'f.ts',
    action: 'merge',
    ...(base ? { base } : {}),
    ours: { bytes: Buffer.from(ours), executable: true },
    theirs: { bytes: Buffer.from(theirs), executable: false },
  });

  it('turns merges into merge-clean or conflict and passes other decisions through', async () => {
    const plan = await resolvePlan(
      [
        {
          path: 'a.ts',
          action: 'update',
          reason: 'r',
          result: { bytes: Buffer.from('x'), executable: false },
        },
        { ...merge(lines('1', '2', '3', '4'), '0\n2\n3\n4\n', '1\n2\n3\n5\n'), path: 'clean.ts' },
        { ...merge(lines('1'), 'mine\n', 'theirs\n'), path: 'conflict.ts' },
        { ...merge(undefined, 'mine\n', 'theirs\n'), path: 'both-added.ts' },
      ],
      gitMerge,
    );
    expect(plan.map((file) => [file.path, file.action, file.conflicts])).toEqual([
      ['a.ts', 'update', undefined],
      ['clean.ts', 'merge-clean', undefined],
      ['conflict.ts', 'conflict', 1],
      ['both-added.ts', 'conflict', 1],
    ]);
    expect(plan[1]?.result?.bytes.toString()).toBe('0\n2\n3\n5\n');
    // The owner's file mode survives a merge.
    expect(plan[1]?.result?.executable).toBe(true);
    expect(plan[3]?.reason).toContain('already have a different file');
  });

  it("never merges a binary file: a conflict that keeps the owner's bytes and records all sides", async () => {
    const binary = (byte: number) => Buffer.from([0x1f, 0x8b, 0x08, 0x00, byte]);
    const notCalled: Merger = async () => {
      throw new Error('a binary file went to the text merge');
    };
    const ours = { bytes: binary(2), executable: false };
    const theirs = { bytes: binary(3), executable: false };
    const [changed, added] = await resolvePlan(
      [
        { path: 'vendor/a.tgz', action: 'merge', base: binary(1), ours, theirs },
        { path: 'vendor/b.tgz', action: 'merge', ours, theirs },
      ],
      notCalled,
    );
    expect(changed).toMatchObject({ action: 'conflict', binary: true, conflicts: 1, result: ours });
    expect(changed?.sides).toEqual({ base: binary(1), ours, theirs });
    expect(changed?.reason).toContain('yours is kept');
    expect(added).toMatchObject({ action: 'conflict', binary: true, result: ours });
    expect(added?.sides).toEqual({ ours, theirs });
    // Text that is not UTF-8 counts as binary as well.
    const [latin1] = await resolvePlan(
      [
        {
          ...merge(lines('1'), 'caf\xe9', 'cafe'),
          ours: { bytes: Buffer.from([0x63, 0xe9]), executable: false },
        },
      ],
      notCalled,
    );
    expect(latin1).toMatchObject({ action: 'conflict', binary: true });
  });

  it("keeps the owner's file when git cannot merge it", async () => {
    const refuse: Merger = async () => {
      throw new UnmergeableFile('Cannot merge binary files');
    };
    const [file] = await resolvePlan([merge(lines('1'), 'a', 'b')], refuse);
    expect(file).toMatchObject({ action: 'keep' });
    expect(file?.reason).toContain('Cannot merge binary files');
    expect(file?.result).toBeUndefined();
  });
});
