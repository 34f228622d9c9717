/**
 * The base of the next upgrade's 3-way merge: the template's pristine rendering for this
 * project (before any edit by its owner), stored in the project as `.edge-app/base.json.gz`.
 *
 * Why stored, and why this shape:
 * - Re-rendering the recorded version needs that version's template. The CLI carries only its
 *   own, and fetching the old package (`npm pack`, see published.ts) needs the network and a
 *   published version, so it is the fallback, not the rule.
 * - One gzipped JSON file rather than a tree of copies under `.edge-app/base/`: copies of
 *   handlers, tests and tsconfigs would be picked up by the project's own tsc, vitest and
 *   Biome globs, and would double what editors search. Most of it is the vendored package
 *   tarballs (about 155 KiB, base64 here): one blob per upgrade in the project's history,
 *   the price of merging offline.
 *
 * `upgrade` writes it after every upgrade. `create` can write it too by calling
 * `writeBaseSnapshot` with the files it rendered; until it does, a freshly generated
 * project's base comes from re-rendering (base.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type TemplateFile, templateFileBytes, templateFileOf } from '../template/template.ts';
import { type FileSet, isMetaPath, META_DIR } from './files.ts';

export const SNAPSHOT_FILE = `${META_DIR}/base.json.gz`;
const FORMAT = 1;

interface SnapshotData {
  format: typeof FORMAT;
  /** The create-edge-app version whose template this is a rendering of. */
  generatorVersion: string;
  files: Record<string, TemplateFile>;
}

export interface BaseSnapshot {
  generatorVersion: string;
  files: FileSet;
}

/** Encodes `files` (path → bytes as rendered) into the snapshot's bytes. */
export function encodeSnapshot(
  generatorVersion: string,
  files: ReadonlyMap<string, { bytes: Buffer; executable?: boolean }>,
): Buffer {
  const data: SnapshotData = { format: FORMAT, generatorVersion, files: {} };
  for (const path of [...files.keys()].sort()) {
    if (isMetaPath(path)) continue;
    const file = files.get(path)!;
    const entry = templateFileOf(file.bytes);
    if (file.executable) entry.executable = true;
    data.files[path] = entry;
  }
  // mtime 0 and a fixed level: the same rendering always gives the same bytes, so git sees
  // no change when nothing changed.
  return gzipSync(JSON.stringify(data), { level: 9 });
}

/**
 * The hook for `create`, in memory: the snapshot's bytes for a rendering given as path →
 * bytes plus the executable paths (the record and this file itself are left out), to be
 * written at SNAPSHOT_FILE with the rest of the project.
 */
export function snapshotOfRendering(
  generatorVersion: string,
  written: ReadonlyMap<string, Buffer>,
  executable: ReadonlySet<string> = new Set(),
): Buffer {
  const files = new Map<string, { bytes: Buffer; executable: boolean }>();
  for (const [path, bytes] of written) files.set(path, { bytes, executable: executable.has(path) });
  return encodeSnapshot(generatorVersion, files);
}

/** The same hook for a project already written to `root`. */
export function writeBaseSnapshot(
  root: string,
  generatorVersion: string,
  written: ReadonlyMap<string, Buffer>,
  executable: ReadonlySet<string> = new Set(),
): void {
  const target = join(root, SNAPSHOT_FILE);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, snapshotOfRendering(generatorVersion, written, executable));
}

export type SnapshotRead =
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'found'; snapshot: BaseSnapshot };

export function readBaseSnapshot(root: string): SnapshotRead {
  const path = join(root, SNAPSHOT_FILE);
  if (!existsSync(path)) return { kind: 'missing' };
  try {
    return { kind: 'found', snapshot: decodeSnapshot(readFileSync(path)) };
  } catch (error) {
    return { kind: 'unreadable', reason: (error as Error).message };
  }
}

export function decodeSnapshot(bytes: Buffer): BaseSnapshot {
  const data = JSON.parse(gunzipSync(bytes).toString('utf8')) as Partial<SnapshotData>;
  if (data.format !== FORMAT || typeof data.generatorVersion !== 'string') {
    throw new Error(`unknown snapshot format ${String(data.format)}`);
  }
  if (typeof data.files !== 'object' || data.files === null) throw new Error('no files');
  const files: FileSet = new Map();
  for (const [path, file] of Object.entries(data.files)) {
    if (typeof file?.content !== 'string') throw new Error(`no content for ${path}`);
    files.set(path, { bytes: templateFileBytes(file), executable: file.executable === true });
  }
  return { generatorVersion: data.generatorVersion, files };
}
