/** A project's files as data: what a rendering produced, or what a snapshot holds. */
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE } from '../render/manifest.ts';

export interface ProjectFile {
  bytes: Buffer;
  executable: boolean;
}

/** Relative POSIX path → file. */
export type FileSet = Map<string, ProjectFile>;

/** Upgrade's own bookkeeping: never planned, merged or hashed as a project file. */
export const META_DIR = '.edge-app';

export function isMetaPath(path: string): boolean {
  return path === MANIFEST_FILE || path === META_DIR || path.startsWith(`${META_DIR}/`);
}

export function readFileSet(root: string, paths: Iterable<string>): FileSet {
  const files: FileSet = new Map();
  for (const path of paths) {
    if (isMetaPath(path)) continue;
    const full = join(root, path);
    files.set(path, {
      bytes: readFileSync(full),
      executable: (statSync(full).mode & 0o111) !== 0,
    });
  }
  return files;
}

export function sameBytes(a: ProjectFile | undefined, b: ProjectFile | undefined): boolean {
  return a !== undefined && b !== undefined && a.bytes.equals(b.bytes);
}

/**
 * Bytes that are not text: a NUL byte (git's own test) or not UTF-8, like the vendored
 * package tarballs. Neither merged as text nor converted between line endings.
 */
export function isBinary(bytes: Buffer): boolean {
  return bytes.includes(0) || !isUtf8(bytes);
}
