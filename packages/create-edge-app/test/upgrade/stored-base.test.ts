import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/hash.ts';
import { BASE_FILE, decodeBase, encodeBase, readStoredBase } from '../../src/render/base.ts';
import { tempDir } from '../helpers/temp.ts';

describe('the stored base (.edge-app/base.json.gz)', () => {
  const tarball = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff]);
  const files = new Map([
    ['bin/run', { bytes: Buffer.from('#!/bin/sh\n'), executable: true }],
    ['vendor/a.tgz', { bytes: tarball, executable: false }],
    ['src/a.ts', { bytes: Buffer.from('export {};\n'), executable: false }],
    ['.edge-app.json', { bytes: Buffer.from('{}'), executable: false }],
  ]);

  it('keeps text whole and binary files by their hash, leaving out the record', () => {
    const decoded = decodeBase(encodeBase('1.2.3', files));
    expect(decoded.generatorVersion).toBe('1.2.3');
    expect([...decoded.files.keys()]).toEqual(['bin/run', 'src/a.ts', 'vendor/a.tgz']);
    expect(decoded.files.get('vendor/a.tgz')).toEqual({
      sha256: sha256(tarball),
      executable: false,
    });
    expect(decoded.files.get('bin/run')).toEqual({
      sha256: sha256('#!/bin/sh\n'),
      bytes: Buffer.from('#!/bin/sh\n'),
      executable: true,
    });
  });

  it('encodes the same files to the same bytes, whatever the insertion order', () => {
    const reversed = new Map([...files].reverse());
    expect(encodeBase('1.2.3', reversed).equals(encodeBase('1.2.3', files))).toBe(true);
  });

  it('reads the stores upgrades before 0.2.0 wrote, with every file in base64 or text', () => {
    const old = gzipSync(
      JSON.stringify({
        format: 1,
        generatorVersion: '0.1.0',
        files: {
          'a.txt': { content: 'a' },
          'vendor/x.tgz': { content: tarball.toString('base64'), encoding: 'base64' },
        },
      }),
    );
    const decoded = decodeBase(old);
    expect(decoded.files.get('vendor/x.tgz')?.bytes).toEqual(tarball);
    expect(decoded.files.get('a.txt')?.sha256).toBe(sha256('a'));
  });

  it('reports a missing or damaged store instead of throwing', () => {
    const root = tempDir();
    expect(readStoredBase(root)).toEqual({ kind: 'missing' });
    mkdirSync(join(root, '.edge-app'));
    writeFileSync(join(root, BASE_FILE), 'not gzip');
    expect(readStoredBase(root).kind).toBe('unreadable');
    writeFileSync(
      join(root, BASE_FILE),
      gzipSync(JSON.stringify({ format: 9, generatorVersion: '1' })),
    );
    expect(readStoredBase(root)).toEqual({ kind: 'unreadable', reason: 'unknown format 9' });
  });
});
