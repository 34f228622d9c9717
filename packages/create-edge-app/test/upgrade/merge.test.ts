import { describe, expect, it } from 'vitest';
import { mergeBothCreated } from '../../src/upgrade/merge/both-created.ts';
import { mergeJson } from '../../src/upgrade/merge/json.ts';
import { resolvePlan } from '../../src/upgrade/merge/resolve.ts';
import { mergeText } from '../../src/upgrade/merge/text.ts';
import type { MergeNeeded } from '../../src/upgrade/plan.ts';

const LABELS = { ours: 'your version', base: 'template 1', theirs: 'template 2' };
const lines = (...items: string[]) => Buffer.from(`${items.join('\n')}\n`);
const json = (value: unknown, indent = 2) =>
  Buffer.from(`${JSON.stringify(value, null, indent)}\n`);

describe('mergeText (git merge-file)', () => {
  it('merges edits to different lines without conflicts', async () => {
    const result = await mergeText(
      {
        base: lines('a', 'b', 'c', 'd', 'e'),
        ours: lines('a', 'B (mine)', 'c', 'd', 'e'),
        theirs: lines('a', 'b', 'c', 'd', 'E (template)'),
      },
      LABELS,
      'inline',
    );
    expect(result.conflicts).toBe(0);
    expect(result.merged.toString()).toBe(
      lines('a', 'B (mine)', 'c', 'd', 'E (template)').toString(),
    );
  });

  it('leaves labelled markers where both changed the same line, and counts them', async () => {
    const result = await mergeText(
      {
        base: lines('a', 'b', 'c'),
        ours: lines('a', 'mine', 'c'),
        theirs: lines('a', 'theirs', 'c'),
      },
      LABELS,
      'inline',
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

  it("with --conflict rej keeps the owner's side and gives the template's change as a hunk", async () => {
    const result = await mergeText(
      {
        base: lines('a', 'b', 'c', 'd', 'e'),
        ours: lines('a', 'mine', 'c', 'd', 'E (mine)'),
        theirs: lines('a', 'theirs', 'c', 'd', 'e'),
      },
      LABELS,
      'rej',
    );
    expect(result.conflicts).toBe(1);
    expect(result.merged.toString()).toBe(lines('a', 'mine', 'c', 'd', 'E (mine)').toString());
    expect(result.rejected).toBe('@@ conflict 1, at line 2 of yours (kept) @@\n-b\n+theirs\n');
  });
});

describe('mergeJson', () => {
  const base = {
    name: 'shop',
    scripts: { dev: 'edge dev', test: 'vitest run' },
    devDependencies: { a: '1.0.0' },
  };

  it('takes keys added or changed on either side without a conflict, in a sensible order', () => {
    const ours = {
      ...base,
      scripts: { ...base.scripts, lint: 'biome check .' },
      description: 'mine',
    };
    const theirs = {
      ...base,
      scripts: { dev: 'edge dev', size: 'edge size', test: 'vitest run' },
      devDependencies: { a: '2.0.0', b: '1.0.0' },
    };
    const result = mergeJson(
      { base: json(base), ours: json(ours), theirs: json(theirs) },
      LABELS,
      'inline',
    );
    expect(result?.conflicts).toEqual([]);
    expect(JSON.parse(result!.merged.toString())).toEqual({
      name: 'shop',
      scripts: { dev: 'edge dev', size: 'edge size', test: 'vitest run', lint: 'biome check .' },
      devDependencies: { a: '2.0.0', b: '1.0.0' },
      description: 'mine',
    });
    expect(Object.keys(JSON.parse(result!.merged.toString()).scripts)).toEqual([
      'dev',
      'size',
      'test',
      'lint',
    ]);
  });

  it('names the key both sides changed, marking it inline', () => {
    const ours = { ...base, scripts: { ...base.scripts, test: 'vitest run --coverage' } };
    const theirs = { ...base, scripts: { ...base.scripts, test: 'vitest run --bail 1' } };
    const result = mergeJson(
      { base: json(base), ours: json(ours), theirs: json(theirs) },
      LABELS,
      'inline',
    );
    expect(result?.conflicts).toEqual(['scripts.test']);
    expect(result?.merged.toString()).toContain(
      [
        '<<<<<<< your version',
        '    "test": "vitest run --coverage"',
        '=======',
        '    "test": "vitest run --bail 1"',
        '>>>>>>> template 2',
      ].join('\n'),
    );
    const rej = mergeJson(
      { base: json(base), ours: json(ours), theirs: json(theirs) },
      LABELS,
      'rej',
    );
    expect(JSON.parse(rej!.merged.toString())).toEqual(ours);
    expect(rej?.rejected).toBe(
      'scripts.test: the template changed "vitest run" to "vitest run --bail 1"; yours, "vitest run --coverage", is kept.\n',
    );
  });

  it('writes what it takes from a side as that side wrote it', () => {
    const tsconfig = (types: string) =>
      `{\n  "compilerOptions": {\n    "lib": ["ES2023"],\n    "types": [${types}],\n    "strict": true\n  },\n  "include": ["src"]\n}\n`;
    const ours = tsconfig('"node"').replace(
      '"strict": true',
      '"strict": true,\n    "noUnusedLocals": true',
    );
    const theirs = tsconfig('"node", "@edge-app/tools/globals"');
    const result = mergeJson(
      {
        base: Buffer.from(tsconfig('"node"')),
        ours: Buffer.from(ours),
        theirs: Buffer.from(theirs),
      },
      LABELS,
      'inline',
    );
    expect(result?.merged.toString()).toBe(
      `{\n  "compilerOptions": {\n    "lib": ["ES2023"],\n    "types": ["node", "@edge-app/tools/globals"],\n    "strict": true,\n    "noUnusedLocals": true\n  },\n  "include": ["src"]\n}\n`,
    );
  });

  it('merges a JSON file both sides created key by key, and leaves non-objects to the text merge', () => {
    const result = mergeJson(
      { ours: json({ a: 1, b: 2 }), theirs: json({ b: 3, c: 4 }) },
      LABELS,
      'inline',
    );
    expect(result?.conflicts).toEqual(['b']);
    expect(
      mergeJson({ ours: Buffer.from('[1]'), theirs: Buffer.from('[2]') }, LABELS, 'inline'),
    ).toBe(undefined);
    expect(
      mergeJson({ ours: Buffer.from('{ // comment\n}'), theirs: json({}) }, LABELS, 'inline'),
    ).toBe(undefined);
  });
});

describe('mergeBothCreated', () => {
  it('keeps the lines both have once and marks each place they differ', async () => {
    const result = await mergeBothCreated(
      {
        ours: lines('# Title', 'mine', 'shared 1', 'shared 2', 'tail'),
        theirs: lines('# Title', 'template', 'shared 1', 'shared 2', 'tail', 'added'),
      },
      LABELS,
      'inline',
    );
    expect(result.conflicts).toBe(2);
    expect(result.merged.toString()).toBe(
      lines(
        '# Title',
        '<<<<<<< your version',
        'mine',
        '=======',
        'template',
        '>>>>>>> template 2',
        'shared 1',
        'shared 2',
        'tail',
        '<<<<<<< your version',
        '=======',
        'added',
        '>>>>>>> template 2',
      ).toString(),
    );
    expect(result.common.toString()).toBe(
      lines('# Title', 'shared 1', 'shared 2', 'tail').toString(),
    );
  });

  it('with --conflict rej keeps yours as it is and gives the difference as a diff', async () => {
    const ours = lines('a', 'mine');
    const result = await mergeBothCreated({ ours, theirs: lines('a', 'template') }, LABELS, 'rej');
    expect(result.merged.equals(ours)).toBe(true);
    expect(result.rejected).toContain('-mine\n+template\n');
  });
});

describe('resolvePlan', () => {
  const merge = (
    base: Buffer | undefined,
    ours: string,
    theirs: string,
    path = 'f.ts',
  ): MergeNeeded => ({
    path,
    action: 'merge',
    ...(base ? { base } : {}),
    ours: { bytes: Buffer.from(ours), executable: true },
    theirs: { bytes: Buffer.from(theirs), executable: false },
  });
  const options = { labels: LABELS, style: 'inline' as const };

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
        {
          ...merge(json({ a: 1 }), JSON.stringify({ a: 1, b: 2 }), JSON.stringify({ a: 1, c: 3 })),
          path: 'package.json',
        },
      ],
      options,
    );
    expect(plan.map((file) => [file.path, file.action, file.conflicts])).toEqual([
      ['a.ts', 'update', undefined],
      ['clean.ts', 'merge-clean', undefined],
      ['conflict.ts', 'conflict', 1],
      ['both-added.ts', 'conflict', 1],
      ['package.json', 'merge-clean', undefined],
    ]);
    expect(plan[1]?.result?.bytes.toString()).toBe('0\n2\n3\n5\n');
    // The owner's file mode survives a merge.
    expect(plan[1]?.result?.executable).toBe(true);
    expect(plan[3]?.reason).toContain('no common ancestor');
    // Git's index gets the lines both have as the base: "both modified", not "both added".
    expect(plan[3]?.sides?.base?.toString()).toBe('');
  });

  it("never merges a binary file: a conflict that keeps the owner's bytes and records all sides", async () => {
    const binary = (byte: number) => Buffer.from([0x1f, 0x8b, 0x08, 0x00, byte]);
    const ours = { bytes: binary(2), executable: false };
    const theirs = { bytes: binary(3), executable: false };
    const [changed, added, hashOnly] = await resolvePlan(
      [
        { path: 'vendor/a.tgz', action: 'merge', base: binary(1), ours, theirs },
        { path: 'vendor/b.tgz', action: 'merge', ours, theirs },
        { path: 'vendor/c.tgz', action: 'merge', baseIsBinary: true, ours, theirs },
      ],
      options,
    );
    expect(changed).toMatchObject({ action: 'conflict', binary: true, conflicts: 1, result: ours });
    expect(changed?.sides).toEqual({ base: binary(1), ours, theirs });
    expect(changed?.reason).toContain('yours is kept');
    expect(added).toMatchObject({ action: 'conflict', binary: true, result: ours });
    expect(hashOnly).toMatchObject({ action: 'conflict', binary: true, result: ours });
    // Text that is not UTF-8 counts as binary as well.
    const [latin1] = await resolvePlan(
      [
        {
          ...merge(lines('1'), 'x', 'cafe'),
          ours: { bytes: Buffer.from([0x63, 0xe9]), executable: false },
        },
      ],
      options,
    );
    expect(latin1).toMatchObject({ action: 'conflict', binary: true });
  });
});
