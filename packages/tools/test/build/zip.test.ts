import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32, createZip, listZip } from '../../src/build/zip.ts';
import { unzip } from './zip-reader.ts';

describe('createZip', () => {
  it('round-trips every entry, sorted by name, with fixed timestamps', () => {
    const text = Buffer.from('export const handler = () => 1;\n'.repeat(50));
    const noise = randomBytes(300);
    const zip = createZip([
      { name: 'vendor/lib/__init__.py', data: noise },
      { name: 'index.mjs', data: text },
      { name: 'é.txt', data: Buffer.from('utf-8 name') },
    ]);
    const entries = unzip(zip);
    expect(entries.map((e) => e.name)).toEqual(['index.mjs', 'vendor/lib/__init__.py', 'é.txt']);
    expect(entries[0]?.data.equals(text)).toBe(true);
    expect(entries[1]?.data.equals(noise)).toBe(true);
    // 1980-01-01 00:00 in DOS format, whatever the clock says.
    expect(entries.every((e) => e.modifiedDate === 0x21 && e.modifiedTime === 0)).toBe(true);
    expect(listZip(zip)).toEqual([
      { name: 'index.mjs', size: text.length },
      { name: 'vendor/lib/__init__.py', size: 300 },
      { name: 'é.txt', size: 10 },
    ]);
  });

  it('gives identical bytes for the same files in any order', () => {
    const a = { name: 'a.py', data: Buffer.from('print(1)') };
    const b = { name: 'b.py', data: Buffer.from('print(2)') };
    expect(createZip([a, b]).equals(createZip([b, a]))).toBe(true);
  });

  it('compresses repetitive code and stores incompressible data', () => {
    const code = Buffer.from('const x = 1;\n'.repeat(1000));
    expect(createZip([{ name: 'index.mjs', data: code }]).length).toBeLessThan(code.length / 10);
    const noise = randomBytes(5000);
    const stored = createZip([{ name: 'n', data: noise }]);
    expect(stored.readUInt16LE(8)).toBe(0); // method: stored
    expect(unzip(stored)[0]?.data.equals(noise)).toBe(true);
  });

  it('rejects two entries with one name', () => {
    const data = Buffer.from('x');
    expect(() =>
      createZip([
        { name: 'index.py', data },
        { name: 'index.py', data },
      ]),
    ).toThrow('Duplicate zip entry "index.py"');
  });
});

describe('crc32', () => {
  it('matches the standard check value', () => {
    // The CRC-32/ISO-HDLC check value for "123456789".
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });
});
