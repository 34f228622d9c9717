/**
 * `.edge-app.json`: what generated the project, with which answers, and a sha256 of every
 * file as written. A later `create-edge-app upgrade` compares these hashes with the files on
 * disk to tell files the owner never touched (safe to replace) from edited ones (to merge).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../answers/types.ts';
import { sha256 } from '../hash.ts';
import { GENERATOR_NAME, GENERATOR_VERSION } from '../version.ts';

export const MANIFEST_FILE = '.edge-app.json';

export interface ProjectManifest {
  generator: { name: string; version: string };
  answers: Pick<Answers, 'projectName' | 'functions' | 'install' | 'git'>;
  /** Relative POSIX path → sha256 hex of the bytes written. */
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
 * The record's bytes. `written`: every file of the project (path → bytes), the record
 * excepted.
 */
export function manifestBytes(answers: Answers, written: ReadonlyMap<string, Buffer>): Buffer {
  const files: Record<string, string> = {};
  for (const path of [...written.keys()].sort()) {
    if (path !== MANIFEST_FILE) files[path] = sha256(written.get(path) as Buffer);
  }
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
