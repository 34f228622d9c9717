/**
 * A deterministic npm-style package tarball (gzipped ustar, every path under `package/`): the
 * same files give the same bytes on every machine and build, because `.edge-app.json` records
 * a hash of each file a project was generated with and `upgrade` compares them.
 */
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  /** POSIX path inside the package, without the `package/` prefix. */
  path: string;
  bytes: Buffer;
  executable?: boolean;
}

const BLOCK = 512;
/** npm pack's fixed timestamp (1985-10-26T08:15:00Z), so the date carries no build time. */
const FIXED_MTIME = 499162500;

export function packageTarball(entries: readonly TarEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const blocks: Buffer[] = [];
  for (const entry of sorted) {
    blocks.push(header(`package/${entry.path}`, entry.bytes.length, entry.executable ?? false));
    blocks.push(entry.bytes);
    const padding = (BLOCK - (entry.bytes.length % BLOCK)) % BLOCK;
    if (padding > 0) blocks.push(Buffer.alloc(padding));
  }
  blocks.push(Buffer.alloc(BLOCK * 2)); // the end-of-archive marker
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}

function header(path: string, size: number, executable: boolean): Buffer {
  const { name, prefix } = splitPath(path);
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  writeOctal(block, 100, 8, executable ? 0o755 : 0o644);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, FIXED_MTIME);
  block.fill(' ', 148, 156); // the checksum counts its own field as spaces
  block.write('0', 156, 1, 'latin1'); // a regular file
  block.write('ustar\u000000', 257, 8, 'latin1');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'latin1');
  return block;
}

/** ustar keeps names to 100 bytes, with up to 155 more as a directory prefix. */
function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`${path} is too long for a tar entry.`);
}

function writeOctal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, width, 'latin1');
}
