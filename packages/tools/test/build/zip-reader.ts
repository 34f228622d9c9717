/**
 * Reads a zip back independently of the writer: walks the local file headers, inflates each
 * entry with node:zlib and checks its CRC, so a test sees exactly what Lambda would unpack.
 */
import { inflateRawSync } from 'node:zlib';
import { crc32 } from '../../src/build/zip.ts';

export interface UnzippedEntry {
  name: string;
  data: Buffer;
  modifiedDate: number;
  modifiedTime: number;
}

export function unzip(zip: Buffer): UnzippedEntry[] {
  const entries: UnzippedEntry[] = [];
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8);
    const modifiedTime = zip.readUInt16LE(at + 10);
    const modifiedDate = zip.readUInt16LE(at + 12);
    const crc = zip.readUInt32LE(at + 14);
    const compressedSize = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extraLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extraLength;
    const body = zip.subarray(start, start + compressedSize);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    if (crc32(data) !== crc) throw new Error(`CRC mismatch for ${name}`);
    entries.push({ name, data, modifiedDate, modifiedTime });
    at = start + compressedSize;
  }
  return entries;
}
