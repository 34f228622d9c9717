import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/hash.ts';
import type { BaseFile } from '../../src/render/base.ts';
import type { FileSet } from '../../src/upgrade/files.ts';
import {
  changesAnything,
  classify,
  type Decision,
  orphanedPackages,
  type PlanInput,
  type PlannedFile,
} from '../../src/upgrade/plan.ts';

function files(entries: Record<string, string>): FileSet {
  return new Map(
    Object.entries(entries).map(([path, text]) => [
      path,
      { bytes: Buffer.from(text), executable: false },
    ]),
  );
}

function baseFiles(entries: Record<string, string>): Map<string, BaseFile> {
  return new Map(
    Object.entries(entries).map(([path, text]) => [
      path,
      { sha256: sha256(text), bytes: Buffer.from(text), executable: false },
    ]),
  );
}

function hashes(entries: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).map(([path, text]) => [path, sha256(text)]));
}

function input(
  base: Map<string, BaseFile>,
  owner: FileSet,
  next: FileSet,
  recorded: Record<string, string>,
  extra: Partial<PlanInput> = {},
): PlanInput {
  return {
    base,
    owner,
    disk: owner,
    next,
    recorded,
    recordedTrusted: true,
    moved: new Map(),
    edited: new Map(),
    removedWhy: () => undefined,
    ...extra,
  };
}

/** Base rendering, owner's disk and new rendering, with the record written from the base. */
function plan(
  base: Record<string, string>,
  owner: Record<string, string>,
  next: Record<string, string>,
  extra: Partial<PlanInput> = {},
): Decision[] {
  return classify(input(baseFiles(base), files(owner), files(next), hashes(base), extra));
}

function actions(decisions: Decision[]): Record<string, string> {
  return Object.fromEntries(decisions.map((d) => [d.path, d.action]));
}

describe('classify', () => {
  it('takes the new version of a file the owner never touched', () => {
    const [decision] = plan({ 'a.ts': 'v1' }, { 'a.ts': 'v1' }, { 'a.ts': 'v2' });
    expect(decision).toMatchObject({ path: 'a.ts', action: 'update' });
    expect(decision?.action === 'update' && decision.result?.bytes.toString()).toBe('v2');
  });

  it('adds a file new in the template, and removes one the template dropped if untouched', () => {
    expect(actions(plan({ 'old.ts': 'x' }, { 'old.ts': 'x' }, { 'new.ts': 'y' }))).toEqual({
      'new.ts': 'add',
      'old.ts': 'remove',
    });
  });

  it('leaves a file the owner deleted deleted, saying so only when the template changed it', () => {
    expect(actions(plan({ 'a.ts': '1', 'b.ts': '1' }, {}, { 'a.ts': '2', 'b.ts': '1' }))).toEqual({
      'a.ts': 'keep',
    });
  });

  it('keeps an edited file the template removed', () => {
    expect(plan({ 'a.ts': 'v1' }, { 'a.ts': 'mine' }, {})).toEqual([
      expect.objectContaining({ path: 'a.ts', action: 'keep' }),
    ]);
  });

  it('asks for a 3-way merge of a file edited by the owner and changed in the template', () => {
    const [decision] = plan({ 'a.ts': 'v1' }, { 'a.ts': 'mine' }, { 'a.ts': 'v2' });
    expect(decision).toMatchObject({ path: 'a.ts', action: 'merge' });
    if (decision?.action !== 'merge') throw new Error('expected a merge');
    expect(decision.base?.toString()).toBe('v1');
    expect(decision.ours.bytes.toString()).toBe('mine');
    expect(decision.theirs.bytes.toString()).toBe('v2');
  });

  it('has nothing to do for edited files the template did not change, or already-new ones', () => {
    expect(
      plan(
        { 'a.ts': 'v1', 'b.ts': 'v1' },
        { 'a.ts': 'mine', 'b.ts': 'v2' },
        { 'a.ts': 'v1', 'b.ts': 'v2' },
      ),
    ).toEqual([]);
  });

  it("merges without a base where the owner's own file stands where the template adds one", () => {
    const [decision] = plan({}, { 'new.ts': 'mine' }, { 'new.ts': 'theirs' });
    expect(decision).toMatchObject({ path: 'new.ts', action: 'merge' });
    expect(decision?.action === 'merge' && decision.base).toBeUndefined();
    // The owner's files that the template never had are none of upgrade's business.
    expect(plan({}, { 'mine.ts': 'x' }, {})).toEqual([]);
  });

  it('does not treat a file merged by an earlier upgrade as untouched', () => {
    // An upgrade before 0.2.0 recorded the hash of the merged file, which carries the owner's
    // edits; the stored base is the template's own version.
    const decisions = classify(
      input(
        baseFiles({ 'a.ts': 'v2' }),
        files({ 'a.ts': 'v2 + mine' }),
        files({ 'a.ts': 'v3' }),
        hashes({ 'a.ts': 'v2 + mine' }),
      ),
    );
    expect(actions(decisions)).toEqual({ 'a.ts': 'merge' });
  });

  it('where no base was found, replaces a file by its recorded hash only when the record is trusted', () => {
    const make = (recordedTrusted: boolean) =>
      classify(
        input(
          baseFiles({}),
          files({ 'a.ts': 'v1', 'b.ts': 'edited' }),
          files({ 'a.ts': 'v2', 'b.ts': 'v2' }),
          hashes({ 'a.ts': 'v1', 'b.ts': 'v1' }),
          { recordedTrusted },
        ),
      );
    expect(actions(make(true))).toEqual({ 'a.ts': 'update', 'b.ts': 'merge' });
    // A record an old upgrade rewrote may hold the hash of an edited file: merge, never replace.
    expect(actions(make(false))).toEqual({ 'a.ts': 'merge', 'b.ts': 'merge' });
    const [unknown] = make(false);
    expect(unknown?.action === 'merge' && unknown.base).toBeUndefined();
  });

  it('compares a binary file the base knows only by its hash, and never merges it', () => {
    const tarball = Buffer.from([0x1f, 0x8b, 0x00, 1]);
    const base = new Map([['vendor/a.tgz', { sha256: sha256(tarball), executable: false }]]);
    const next = new Map([
      ['vendor/b.tgz', { bytes: Buffer.from([0x1f, 0x8b, 0x00, 2]), executable: false }],
    ]);
    const untouched = classify(
      input(base, new Map([['vendor/a.tgz', { bytes: tarball, executable: false }]]), next, {}),
    );
    expect(actions(untouched)).toEqual({ 'vendor/a.tgz': 'remove', 'vendor/b.tgz': 'add' });
    const replaced = classify(
      input(
        base,
        new Map([
          ['vendor/a.tgz', { bytes: Buffer.from([0x1f, 0x8b, 0x00, 9]), executable: false }],
        ]),
        next,
        {},
      ),
    );
    expect(actions(replaced)).toEqual({ 'vendor/a.tgz': 'keep', 'vendor/b.tgz': 'add' });
  });

  it('plans a moved file at its new path, with the old one named, and follows an owner who deleted it', () => {
    const moved = new Map([['src/a.test.ts', { from: 'test/a.test.ts', why: 'tests beside' }]]);
    const [edited] = classify(
      input(
        baseFiles({ 'src/a.test.ts': 'v1' }),
        files({ 'src/a.test.ts': 'v1 mine' }),
        files({ 'src/a.test.ts': 'v2' }),
        hashes({ 'src/a.test.ts': 'v1' }),
        { moved },
      ),
    );
    expect(edited).toMatchObject({ action: 'merge', movedFrom: 'test/a.test.ts' });
    const [same] = classify(
      input(
        baseFiles({ 'src/a.test.ts': 'v1' }),
        files({ 'src/a.test.ts': 'v1 mine' }),
        files({ 'src/a.test.ts': 'v1' }),
        hashes({ 'src/a.test.ts': 'v1' }),
        { moved },
      ),
    );
    expect(same).toMatchObject({ action: 'move', movedFrom: 'test/a.test.ts' });
    expect(same?.action === 'move' && same.result?.bytes.toString()).toBe('v1 mine');
    const [deleted] = classify(
      input(
        baseFiles({ 'src/a.test.ts': 'v1' }),
        files({}),
        files({ 'src/a.test.ts': 'v2' }),
        hashes({ 'src/a.test.ts': 'v1' }),
        { moved },
      ),
    );
    expect(deleted).toMatchObject({ action: 'keep', movedFrom: 'test/a.test.ts' });
    expect(deleted?.action === 'keep' && deleted.reason).toContain('it stays deleted');
  });

  it("writes an owner's own file that only a migration changed", () => {
    const disk = files({ 'src/own.ts': "import './old.ts';\n" });
    const owner = files({ 'src/own.ts': "import './new.ts';\n" });
    const decisions = classify(
      input(
        baseFiles({}),
        owner,
        files({}),
        {},
        { disk, edited: new Map([['src/own.ts', 'imports follow']]) },
      ),
    );
    expect(decisions).toEqual([
      expect.objectContaining({ path: 'src/own.ts', action: 'migrate', reason: 'imports follow' }),
    ]);
  });

  it("never plans upgrade's own bookkeeping, even when the record lists it", () => {
    const decisions = classify(
      input(
        baseFiles({}),
        files({}),
        files({}),
        hashes({ '.edge-app/base.json.gz': 'x', '.edge-app.json': 'y' }),
      ),
    );
    expect(decisions).toEqual([]);
  });

  it('reads CRLF checkouts of LF template files by their content', () => {
    expect(plan({ 'a.ts': 'x\ny\n' }, { 'a.ts': 'x\r\ny\r\n' }, { 'a.ts': 'x\ny\nz\n' })).toEqual([
      expect.objectContaining({ path: 'a.ts', action: 'update' }),
    ]);
    const [edited] = plan(
      { 'a.ts': '1\n2\n' },
      { 'a.ts': '1\r\n2 mine\r\n' },
      { 'a.ts': '0\n1\n2\n' },
    );
    expect(edited?.action === 'merge' && edited.ours.bytes.toString()).toBe('1\n2 mine\n');
  });

  it('leaves the \\r\\n bytes of a binary file (a vendored tarball) as they are', () => {
    const binary = (...bytes: number[]) => Buffer.from([0x1f, 0x8b, 0x00, ...bytes]);
    const base = binary(1);
    const ours = binary(0x0d, 0x0a, 2);
    const [decision] = classify(
      input(
        new Map([['vendor/a.tgz', { sha256: sha256(base), bytes: base, executable: false }]]),
        new Map([['vendor/a.tgz', { bytes: ours, executable: false }]]),
        new Map([['vendor/a.tgz', { bytes: binary(3), executable: false }]]),
        { 'vendor/a.tgz': sha256(base) },
      ),
    );
    expect(decision?.action === 'merge' && decision.ours.bytes.equals(ours)).toBe(true);
  });
});

describe('orphanedPackages', () => {
  it('names a removed package that still holds files the owner edited', () => {
    const base = baseFiles({
      'packages/runtime/package.json': '{}',
      'packages/runtime/src/a.ts': 'a',
      'packages/events/package.json': '{}',
    });
    const plan: PlannedFile[] = [
      { path: 'packages/runtime/package.json', action: 'remove', reason: '' },
      { path: 'packages/runtime/src/a.ts', action: 'keep', reason: 'removed; you edited it' },
      { path: 'packages/events/package.json', action: 'remove', reason: '' },
    ];
    expect(orphanedPackages(plan, base, files({}))).toEqual([
      { dir: 'packages/runtime', kept: ['src/a.ts'] },
    ]);
  });
});

describe('changesAnything', () => {
  it('is false for a plan of keeps only', () => {
    expect(changesAnything([{ path: 'a', action: 'keep', reason: '' }])).toBe(false);
    expect(changesAnything([])).toBe(false);
    expect(
      changesAnything([
        { path: 'a', action: 'keep', reason: '' },
        { path: 'b', action: 'remove', reason: '' },
      ]),
    ).toBe(true);
  });
});
