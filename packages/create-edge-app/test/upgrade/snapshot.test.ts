import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeSnapshot,
  encodeSnapshot,
  readBaseSnapshot,
  SNAPSHOT_FILE,
  writeBaseSnapshot,
} from '../../src/upgrade/snapshot.ts';
import { tempDir } from '../helpers/temp.ts';

describe('base snapshot', () => {
  const files = new Map([
    ['bin/run', { bytes: Buffer.from('#!/bin/sh\n'), executable: true }],
    ['logo.bin', { bytes: Buffer.from([0xff, 0xfe, 0x00, 0x81]), executable: false }],
    ['src/a.ts', { bytes: Buffer.from('export {};\n'), executable: false }],
    ['.edge-app.json', { bytes: Buffer.from('{}'), executable: false }],
  ]);

  it('round-trips text, binary and the execute bit, leaving out the record', () => {
    const decoded = decodeSnapshot(encodeSnapshot('1.2.3', files));
    expect(decoded.generatorVersion).toBe('1.2.3');
    expect([...decoded.files.keys()]).toEqual(['bin/run', 'logo.bin', 'src/a.ts']);
    expect(decoded.files.get('logo.bin')?.bytes).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x81]));
    expect(decoded.files.get('bin/run')?.executable).toBe(true);
    expect(decoded.files.get('src/a.ts')?.executable).toBe(false);
  });

  it('encodes the same files to the same bytes, whatever the insertion order', () => {
    const reversed = new Map([...files].reverse());
    expect(encodeSnapshot('1.2.3', reversed).equals(encodeSnapshot('1.2.3', files))).toBe(true);
  });

  it('is written by the create hook and read back; damage is reported, not thrown', () => {
    const root = tempDir();
    expect(readBaseSnapshot(root)).toEqual({ kind: 'missing' });
    writeBaseSnapshot(root, '0.1.0', new Map([['a.txt', Buffer.from('a')]]), new Set(['a.txt']));
    const read = readBaseSnapshot(root);
    expect(read.kind === 'found' && read.snapshot.files.get('a.txt')).toEqual({
      bytes: Buffer.from('a'),
      executable: true,
    });
    mkdirSync(join(root, '.edge-app'), { recursive: true });
    writeFileSync(join(root, SNAPSHOT_FILE), 'not gzip');
    expect(readBaseSnapshot(root).kind).toBe('unreadable');
  });
});
