import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/hash.ts';
import type { FileSet } from '../../src/upgrade/files.ts';
import {
  changesAnything,
  classify,
  type Decision,
  type PlanInput,
} from '../../src/upgrade/plan.ts';

function files(entries: Record<string, string>): FileSet {
  return new Map(
    Object.entries(entries).map(([path, text]) => [
      path,
      { bytes: Buffer.from(text), executable: false },
    ]),
  );
}

function hashes(entries: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).map(([path, text]) => [path, sha256(text)]));
}

/** Base rendering, owner's disk and new rendering, with the record written from the base. */
function plan(
  base: Record<string, string>,
  owner: Record<string, string>,
  next: Record<string, string>,
  extra: Partial<PlanInput> = {},
): Decision[] {
  return classify({
    base: files(base),
    owner: files(owner),
    next: files(next),
    recorded: hashes(base),
    baseExact: true,
    ...extra,
  });
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
    // After an upgrade, the record holds the hash of the merged file, which carries the
    // owner's edits; the base (stored snapshot) is the template's own version.
    const decisions = classify({
      base: files({ 'a.ts': 'v2' }),
      owner: files({ 'a.ts': 'v2 + mine' }),
      next: files({ 'a.ts': 'v3' }),
      recorded: hashes({ 'a.ts': 'v2 + mine' }),
      baseExact: true,
    });
    expect(actions(decisions)).toEqual({ 'a.ts': 'merge' });
  });

  it('trusts the recorded hash when the base is only a re-rendering (npm fallback)', () => {
    const decisions = classify({
      base: files({ 'a.ts': 'v1 as rendered today' }),
      owner: files({ 'a.ts': 'v1 as written' }),
      next: files({ 'a.ts': 'v2' }),
      recorded: hashes({ 'a.ts': 'v1 as written' }),
      baseExact: false,
    });
    expect(actions(decisions)).toEqual({ 'a.ts': 'update' });
  });

  it('uses the recorded hash for a generated file the base lacks', () => {
    const decisions = classify({
      base: files({}),
      owner: files({ 'a.ts': 'v1', 'b.ts': 'edited' }),
      next: files({ 'a.ts': 'v2', 'b.ts': 'v2' }),
      recorded: hashes({ 'a.ts': 'v1', 'b.ts': 'v1' }),
      baseExact: true,
    });
    expect(actions(decisions)).toEqual({ 'a.ts': 'update', 'b.ts': 'merge' });
  });

  it("never plans upgrade's own bookkeeping, even when the record lists it", () => {
    const decisions = classify({
      base: files({}),
      owner: files({}),
      next: files({}),
      recorded: hashes({ '.edge-app/base.json.gz': 'x', '.edge-app.json': 'y' }),
      baseExact: true,
    });
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
    const [decision] = classify({
      base: new Map([['vendor/a.tgz', { bytes: base, executable: false }]]),
      owner: new Map([['vendor/a.tgz', { bytes: ours, executable: false }]]),
      next: new Map([['vendor/a.tgz', { bytes: binary(3), executable: false }]]),
      recorded: { 'vendor/a.tgz': sha256(base) },
      baseExact: true,
    });
    expect(decision?.action === 'merge' && decision.ours.bytes.equals(ours)).toBe(true);
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
