/**
 * `.edge-app/base.json.gz`: what the template rendered for this project, before any edit by
 * its owner. `create` writes it with the project and every `upgrade` rewrites it with the new
 * rendering; it is the base of the next upgrade's 3-way merge, offline and exact.
 *
 * Why this shape:
 * - One gzipped JSON file, not a tree of copies under `.edge-app/base/`: copies of handlers,
 *   tests and tsconfigs would be picked up by the project's own tsc, vitest and Biome globs,
 *   and would double what editors search.
 * - Text files are stored whole; binary files (the @edge-app/* tarballs in vendor/) only by
 *   their sha256. A binary file is never merged, only told apart as the template's or not,
 *   and the tarballs are most of a project's bytes: without them the base of a project with
 *   four functions is about 10 kB, one small blob in git history per upgrade.
 * - The same rendering always encodes to the same bytes (sorted paths, gzip without a time
 *   stamp), so git sees no change when nothing changed.
 */
import { isUtf8 } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sha256 } from '../hash.ts';
import { isMetaPath, META_DIR } from './manifest.ts';

export const BASE_FILE = `${META_DIR}/base.json.gz`;

/** Stored binary files are only hashes; older stores (format 1) kept their bytes in base64. */
const FORMAT = 2;

type StoredFile = { text: string; executable?: true } | { sha256: string };

interface StoredData {
  format: typeof FORMAT;
  /** The create-edge-app version whose template this is a rendering of. */
  generatorVersion: string;
  files: Record<string, StoredFile>;
}

/** One file of the base: text with its bytes, binary by its hash alone. */
export interface BaseFile {
  sha256: string;
  bytes?: Buffer;
  executable: boolean;
}

export interface StoredBase {
  generatorVersion: string;
  files: Map<string, BaseFile>;
}

/** A file that is not text: a NUL byte (git's own test) or not UTF-8, like the tarballs. */
export function isBinary(bytes: Buffer): boolean {
  return bytes.includes(0) || !isUtf8(bytes);
}

/** The stored base's bytes for a rendering (path → bytes; the meta paths are left out). */
export function encodeBase(
  generatorVersion: string,
  files: ReadonlyMap<string, { bytes: Buffer; executable?: boolean }>,
): Buffer {
  const data: StoredData = { format: FORMAT, generatorVersion, files: {} };
  for (const path of [...files.keys()].sort()) {
    if (isMetaPath(path)) continue;
    const file = files.get(path) as { bytes: Buffer; executable?: boolean };
    data.files[path] = isBinary(file.bytes)
      ? { sha256: sha256(file.bytes) }
      : { text: file.bytes.toString('utf8'), ...(file.executable ? { executable: true } : {}) };
  }
  return gzipSync(JSON.stringify(data), { level: 9 });
}

export type StoredBaseRead =
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'found'; base: StoredBase };

export function readStoredBase(root: string): StoredBaseRead {
  const path = join(root, BASE_FILE);
  if (!existsSync(path)) return { kind: 'missing' };
  try {
    return { kind: 'found', base: decodeBase(readFileSync(path)) };
  } catch (error) {
    return { kind: 'unreadable', reason: (error as Error).message };
  }
}

export function decodeBase(bytes: Buffer): StoredBase {
  const data = JSON.parse(gunzipSync(bytes).toString('utf8')) as {
    format?: unknown;
    generatorVersion?: unknown;
    files?: Record<string, Record<string, unknown>>;
  };
  if ((data.format !== 1 && data.format !== FORMAT) || typeof data.generatorVersion !== 'string') {
    throw new Error(`unknown format ${String(data.format)}`);
  }
  if (typeof data.files !== 'object' || data.files === null) throw new Error('no files');
  const files = new Map<string, BaseFile>();
  for (const [path, entry] of Object.entries(data.files)) {
    files.set(path, data.format === 1 ? formatOneFile(path, entry) : storedFile(path, entry));
  }
  return { generatorVersion: data.generatorVersion, files };
}

function storedFile(path: string, entry: Record<string, unknown>): BaseFile {
  if (typeof entry.text === 'string') {
    const bytes = Buffer.from(entry.text, 'utf8');
    return { sha256: sha256(bytes), bytes, executable: entry.executable === true };
  }
  if (typeof entry.sha256 === 'string') return { sha256: entry.sha256, executable: false };
  throw new Error(`no content for ${path}`);
}

/** Format 1 (upgrades before 0.2.0): every file's bytes, UTF-8 text or base64. */
function formatOneFile(path: string, entry: Record<string, unknown>): BaseFile {
  if (typeof entry.content !== 'string') throw new Error(`no content for ${path}`);
  const bytes = Buffer.from(entry.content, entry.encoding === 'base64' ? 'base64' : 'utf8');
  return { sha256: sha256(bytes), bytes, executable: entry.executable === true };
}
