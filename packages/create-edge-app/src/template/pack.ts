/**
 * The template as data: every file of templates/workspace as path → content, so that the
 * published CLI carries it in one JSON file (dotfiles survive `npm pack`, and scaffolding is
 * one read). build.mjs packs it; run from source, the CLI packs the repository's copy.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  type PackedStarterFile,
  packedFileBytes as templateFileBytes,
  packedFileOf as templateFileOf,
} from '../../../../templates/workspace/packages/tools/src/scaffold/starter-pack.ts';
import {
  listStarters,
  type StarterInfo,
} from '../../../../templates/workspace/packages/tools/src/scaffold/starters.ts';

export type { StarterInfo };
export { templateFileBytes, templateFileOf };

/** One file, packed as the tools package packs a starter's: text, or base64 if not UTF-8. */
export type TemplateFile = PackedStarterFile;

export interface PackedTemplate {
  /** POSIX-style relative paths, sorted. */
  files: Record<string, TemplateFile>;
  /**
   * The starter catalogue, as the tools package's `listStarters()` reads it from the
   * template's packages/tools/starters when packing, so that the CLI needs no disk to know it.
   */
  starters: StarterInfo[];
}

export const STARTERS_DIR = 'packages/tools/starters';

/** Not part of what a user gets: install and build output, caches. */
const EXCLUDED_DIRS = new Set([
  'node_modules',
  'dist',
  '.cache',
  '.edge',
  'coverage',
  '__pycache__',
  '.pytest_cache',
]);
const EXCLUDED_FILE = /\.tsbuildinfo$|^\.DS_Store$/;
/**
 * The shared packages' own tests (packages/events|runtime|tools/test, with the AWS fixture
 * events they read) test this repository's code; a generated project's `pnpm test` runs its
 * functions' tests. Function packages are added later by addFunction, with their tests.
 */
const REPO_ONLY = /^packages\/[^/]+\/test$/;
/** Unit tests kept next to the code they test (the shared packages' src/), same reason. */
const REPO_ONLY_FILE = /^packages\/(?:events|runtime|tools)\/src\/.*\.test\.ts$/;

export function packTemplate(root: string): PackedTemplate {
  const files: Record<string, TemplateFile> = {};
  const walk = (dir: string) => {
    if (REPO_ONLY.test(toPosix(relative(root, dir)))) return;
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!EXCLUDED_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile() && !EXCLUDED_FILE.test(entry.name)) {
        const relativePath = toPosix(relative(root, path));
        if (!REPO_ONLY_FILE.test(relativePath)) files[relativePath] = packFile(path);
      }
    }
  };
  walk(root);
  return { files, starters: listStarters(join(root, STARTERS_DIR)) };
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function packFile(path: string): TemplateFile {
  const file = templateFileOf(readFileSync(path));
  if ((statSync(path).mode & 0o111) !== 0) file.executable = true;
  return file;
}
