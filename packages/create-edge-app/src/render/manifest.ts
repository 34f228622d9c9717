/**
 * `.edge-app.json`: what generated the project, with which answers, and a sha256 of every
 * file as written. A later `create-edge-app upgrade` compares these hashes with the files on
 * disk to tell files the owner never touched (safe to replace) from edited ones (to merge).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../answers/types.ts';
import { sha256 } from '../hash/sha256.ts';
import type { CopiedFile } from '../template/pack.ts';
import { GENERATOR_NAME, GENERATOR_VERSION } from '../version.ts';

export const MANIFEST_FILE = '.edge-app.json';

export interface ProjectManifest {
  generator: { name: string; version: string };
  answers: Pick<Answers, 'projectName' | 'functions' | 'install' | 'git'>;
  /** Relative POSIX path → sha256 hex of the bytes written. */
  files: Record<string, string>;
}

export { sha256 };

/** Every file under `root` except the manifest itself, POSIX-style relative paths, sorted. */
export function listProjectFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const relative = prefix + entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${relative}/`);
      else if (relative !== MANIFEST_FILE) found.push(relative);
    }
  };
  walk(root, '');
  return found.sort();
}

/** What the record may take as it is instead of hashing the bytes. */
export interface KnownHashes {
  /** Files copied from disk, with their sha256. */
  copied?: ReadonlyMap<string, CopiedFile>;
  /** Bytes in `written` (the very Buffers) → their sha256, as the build stored it. */
  storedHashes?: ReadonlyMap<Buffer, string>;
}

/**
 * The record's bytes. `written`: the files of the project written from bytes (path → those
 * bytes), the record excepted.
 */
export function manifestBytes(
  answers: Answers,
  written: ReadonlyMap<string, Buffer>,
  { copied = new Map(), storedHashes = new Map() }: KnownHashes = {},
): Buffer {
  const hashes = new Map<string, string>();
  for (const [path, bytes] of written) {
    if (path !== MANIFEST_FILE) hashes.set(path, storedHashes.get(bytes) ?? sha256(bytes));
  }
  for (const [path, file] of copied) hashes.set(path, file.sha256);
  const files: Record<string, string> = {};
  for (const path of [...hashes.keys()].sort()) files[path] = hashes.get(path) as string;
  const manifest: ProjectManifest = {
    generator: { name: GENERATOR_NAME, version: GENERATOR_VERSION },
    answers: {
      projectName: answers.projectName,
      functions: answers.functions,
      install: answers.install,
      git: answers.git,
    },
    files,
  };
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
}
