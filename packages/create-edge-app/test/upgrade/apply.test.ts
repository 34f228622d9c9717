import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyWrites } from '../../src/upgrade/apply.ts';
import { tempDir } from '../helpers/temp.ts';

function project(): string {
  const root = tempDir();
  mkdirSync(join(root, 'src/old'), { recursive: true });
  writeFileSync(join(root, 'src/a.ts'), 'a1');
  writeFileSync(join(root, 'src/old/gone.ts'), 'gone');
  return root;
}

describe('applyWrites', () => {
  it('writes, adds and removes files, dropping directories a removal left empty', () => {
    const root = project();
    applyWrites(root, [
      { path: 'src/a.ts', bytes: Buffer.from('a2') },
      { path: 'bin/run', bytes: Buffer.from('#!/bin/sh\n'), executable: true },
      { path: 'src/old/gone.ts' },
    ]);
    expect(readFileSync(join(root, 'src/a.ts'), 'utf8')).toBe('a2');
    expect(statSync(join(root, 'bin/run')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(root, 'src/old'))).toBe(false);
    // The staging and backup directories are gone too.
    expect(readdirSync(join(root, '.edge-app'))).toEqual([]);
  });

  it('refuses a directory where a file goes (and the reverse) before touching anything', () => {
    const root = project();
    mkdirSync(join(root, 'src/blocked.ts/inner'), { recursive: true });
    expect(() =>
      applyWrites(root, [
        { path: 'src/a.ts', bytes: Buffer.from('a2') },
        { path: 'src/blocked.ts', bytes: Buffer.from('x') },
        { path: 'src/a.ts/under-a-file.ts', bytes: Buffer.from('x') },
      ]),
    ).toThrow('Cannot upgrade: src/blocked.ts, src/a.ts are in the way');
    expect(readFileSync(join(root, 'src/a.ts'), 'utf8')).toBe('a1');
    expect(existsSync(join(root, 'src/blocked.ts/inner'))).toBe(true);
  });

  it('puts everything back when a move fails halfway', () => {
    const root = project();
    let moves = 0;
    const failingFourthMove = (from: string, to: string) => {
      if (++moves === 4) throw new Error('disk full');
      renameSync(from, to);
    };
    expect(() =>
      applyWrites(
        root,
        [
          { path: 'src/a.ts', bytes: Buffer.from('a2') },
          { path: 'src/old/gone.ts' },
          { path: 'added/new.ts', bytes: Buffer.from('new') },
        ],
        failingFourthMove,
      ),
    ).toThrow('disk full');
    expect(moves).toBe(4);
    expect(readFileSync(join(root, 'src/a.ts'), 'utf8')).toBe('a1');
    expect(readFileSync(join(root, 'src/old/gone.ts'), 'utf8')).toBe('gone');
    expect(existsSync(join(root, 'added'))).toBe(false);
    expect(readdirSync(join(root, '.edge-app'))).toEqual([]);
  });
});
