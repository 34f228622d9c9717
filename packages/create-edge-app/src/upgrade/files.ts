/** A project's files as data: what a rendering produced, or what a snapshot holds. */
import { isUtf8 } from 'node:buffer';
import { existsSync, readFileSync, statSync } from 'node:fs';
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

/** The files at `paths` under `root`; a path with no file there (gone, a directory) is left out. */
export function readFileSet(root: string, paths: Iterable<string>): FileSet {
  const files: FileSet = new Map();
  for (const path of paths) {
    if (isMetaPath(path)) continue;
    const full = join(root, path);
    // existsSync, not statSync's throwIfNoEntry: a file where a directory was (ENOTDIR) is
    // also absent here, and refused later by the type-clash check with a message.
    if (!existsSync(full)) continue;
    const stat = statSync(full);
    if (!stat.isFile()) continue;
    files.set(path, { bytes: readFileSync(full), executable: (stat.mode & 0o111) !== 0 });
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
