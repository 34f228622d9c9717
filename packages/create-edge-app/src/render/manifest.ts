/**
 * `.edge-app.json`: what generated the project, with which answers, and the sha256 of every
 * file as the template rendered it. `create` writes it with the project, `upgrade` rewrites it
 * with the new rendering. A later upgrade tells a file the owner never touched (its hash is
 * the recorded one: safe to replace) from an edited one (to merge), and, when the stored base
 * (.edge-app/base.json.gz) is gone, finds the template's version of each file by its hash.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers, FunctionAnswer } from '../answers/types.ts';
import { sha256 } from '../hash.ts';
import { GENERATOR_NAME, GENERATOR_VERSION } from '../version.ts';

export const MANIFEST_FILE = '.edge-app.json';
/** Upgrade's other bookkeeping (the stored base, base.ts), beside the record. */
export const META_DIR = '.edge-app';

/** The record and the stored base: never planned, merged or recorded as project files. */
export function isMetaPath(path: string): boolean {
  return path === MANIFEST_FILE || path === META_DIR || path.startsWith(`${META_DIR}/`);
}

/**
 * 2: `files` are always the template's hashes, also for a file where an upgrade merged the
 * owner's edits. Records without `format` (before 0.2.0) hold the hashes of the files as they
 * were written: by create, the template's; by an upgrade, the merged files'.
 */
export const RECORD_FORMAT = 2;

export interface ProjectManifest {
  format?: number;
  generator: { name: string; version: string };
  answers: Pick<Answers, 'projectName' | 'functions' | 'install' | 'git'>;
  /**
   * Function packages that `pnpm gen trigger` added after create, as upgrade found them: upgraded
   * from their starters like the answered ones, their associations in edge.config.ts left as
   * the owner has them.
   */
  addedFunctions?: FunctionAnswer[];
  /** Relative POSIX path → sha256 hex of the template's rendering of it. */
  files: Record<string, string>;
}

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

/**
 * The record's bytes. `rendered`: the template's rendering of every file of the project (path
 * → bytes); the meta paths are left out.
 */
export function manifestBytes(
  answers: ProjectManifest['answers'],
  rendered: ReadonlyMap<string, Buffer>,
  addedFunctions: readonly FunctionAnswer[] = [],
): Buffer {
  const files: Record<string, string> = {};
  for (const path of [...rendered.keys()].sort()) {
    if (!isMetaPath(path)) files[path] = sha256(rendered.get(path) as Buffer);
  }
  const manifest: ProjectManifest = {
    format: RECORD_FORMAT,
    generator: { name: GENERATOR_NAME, version: GENERATOR_VERSION },
    answers: {
      projectName: answers.projectName,
      functions: answers.functions,
      install: answers.install,
      git: answers.git,
    },
    ...(addedFunctions.length > 0 ? { addedFunctions: [...addedFunctions] } : {}),
    files,
  };
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
}
