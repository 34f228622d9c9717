/**
 * The template as data: every file of templates/workspace as path → content, so that the
 * published CLI carries it in one JSON file (dotfiles survive `npm pack`, and scaffolding is
 * one read). build.mjs packs it; run from source, the CLI packs the repository's copy.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  listStarters,
  type StarterInfo,
} from '../../../../templates/workspace/packages/tools/src/scaffold/starters.ts';

export type { StarterInfo };

export interface TemplateFile {
  /** UTF-8 text, or base64 when `encoding` says so (a file that is not valid UTF-8). */
  content: string;
  encoding?: 'base64';
  executable?: true;
}

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

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
  const bytes = readFileSync(path);
  const executable = (statSync(path).mode & 0o111) !== 0;
  let file: TemplateFile;
  try {
    file = { content: utf8.decode(bytes) };
  } catch {
    file = { content: bytes.toString('base64'), encoding: 'base64' };
  }
  if (executable) file.executable = true;
  return file;
}

export function templateFileBytes(file: TemplateFile): Buffer {
  return Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');
}
