/**
 * A deterministic zip writer: the same files give the same bytes, so a zip's hash says
 * whether code changed (deploy can skip publishing an identical version) and builds are
 * reproducible. Entries are sorted by name, every timestamp is the DOS epoch
 * (1980-01-01 00:00), and permissions are fixed at 0644.
 *
 * Format: PKWARE APPNOTE.TXT (local file headers, central directory, end of central directory
 * record). No ZIP64: Lambda caps a direct upload at 50 MB (docs/cloudfront-rules.md#code-size).
 * Written here rather than taken from a library: the ones on npm stamp the current time into
 * entries, which breaks the same-files-same-bytes promise, and the stored subset is ~150 lines.
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive, forward slashes, no leading slash. */
  name: string;
  data: Uint8Array;
}

const LOCAL_FILE_HEADER = 0x04034b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION_NEEDED = 20; // 2.0: deflate
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED; // 3 = Unix, so the mode bits below count
const FLAG_UTF8_NAMES = 0x0800;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const DOS_EPOCH_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const DOS_EPOCH_TIME = 0;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;
const MAX_UINT32 = 0xffffffff;

export function createZip(entries: ZipEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set<string>();
  const localParts: Buffer[] = [];
  const centralParts: Buffer[] = [];
  let offset = 0;
  for (const entry of sorted) {
    if (names.has(entry.name)) throw new Error(`Duplicate zip entry "${entry.name}".`);
    names.add(entry.name);
    const name = Buffer.from(entry.name, 'utf8');
    const deflated = deflateRawSync(entry.data, { level: 9 });
    // Tiny or incompressible files are smaller stored.
    const stored = deflated.length >= entry.data.length;
    const body = stored ? Buffer.from(entry.data) : deflated;
    const fields: EntryFields = {
      method: stored ? METHOD_STORED : METHOD_DEFLATED,
      crc: crc32(entry.data),
      compressedSize: body.length,
      size: entry.data.length,
      nameLength: name.length,
    };
    if (fields.size > MAX_UINT32 || offset > MAX_UINT32) {
      throw new Error('The archive is larger than 4 GB, which needs ZIP64; Lambda takes 50 MB.');
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_FILE_HEADER, 0);
    writeEntryFields(local, 4, fields);
    local.writeUInt16LE(0, 28); // no extra field: it would carry timestamps
    localParts.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_DIRECTORY_HEADER, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    writeEntryFields(central, 6, fields);
    // extra length, comment length, disk number, internal attributes: all zero
    central.writeUInt32LE(REGULAR_FILE_0644, 38);
    central.writeUInt32LE(offset, 42);
    centralParts.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const centralDirectory = Buffer.concat(centralParts);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...localParts, centralDirectory, end]);
}

interface EntryFields {
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  nameLength: number;
}

/**
 * The run of fields a local file header and its central directory header share, from "version
 * needed to extract" to "file name length" (26 bytes); it starts 2 bytes later in the central
 * header, after "version made by".
 */
function writeEntryFields(header: Buffer, at: number, fields: EntryFields): void {
  header.writeUInt16LE(VERSION_NEEDED, at);
  header.writeUInt16LE(FLAG_UTF8_NAMES, at + 2);
  header.writeUInt16LE(fields.method, at + 4);
  header.writeUInt16LE(DOS_EPOCH_TIME, at + 6);
  header.writeUInt16LE(DOS_EPOCH_DATE, at + 8);
  header.writeUInt32LE(fields.crc, at + 10);
  header.writeUInt32LE(fields.compressedSize, at + 14);
  header.writeUInt32LE(fields.size, at + 18);
  header.writeUInt16LE(fields.nameLength, at + 22);
}

/** Entry names and sizes, read back from the central directory (for reports and tests). */
export function listZip(zip: Uint8Array): Array<{ name: string; size: number }> {
  const buffer = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const endOffset = buffer.lastIndexOf(
    Buffer.from([0x50, 0x4b, 0x05, 0x06]), // END_OF_CENTRAL_DIRECTORY, little-endian
  );
  if (endOffset < 0) throw new Error('Not a zip archive: no end of central directory record.');
  const count = buffer.readUInt16LE(endOffset + 10);
  let at = buffer.readUInt32LE(endOffset + 16);
  const entries: Array<{ name: string; size: number }> = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== CENTRAL_DIRECTORY_HEADER)
      throw new Error('Corrupt zip: bad central directory header.');
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    entries.push({ name: buffer.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as the zip format requires. */
export function crc32(data: Uint8Array): number {
  crcTable ??= buildCrcTable();
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function buildCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}
