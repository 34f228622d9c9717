/**
 * The template as data: every file a generated project gets, as path → content, so that the
 * published CLI carries it as data (dotfiles survive `npm pack`). build.mjs packs it and
 * stores it in dist/ (store.ts); the CLI, bundled or run from source, reads it from there.
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
import { sha256 } from '../hash/sha256.ts';
import type { VendoredPackage } from './vendor.ts';

export type { StarterInfo };
export { templateFileBytes, templateFileOf };

/** One file, packed as the tools package packs a starter's: text, or base64 if not UTF-8. */
export interface TemplateFile extends PackedStarterFile {
  /**
   * sha256 hex of the file's bytes, computed when the CLI is built, so that create hashes only
   * the files it changes for the `.edge-app.json` record (templates built before it lack it).
   */
  sha256?: string;
}

export interface PackedTemplate {
  /** POSIX-style relative paths, sorted. */
  files: Record<string, TemplateFile>;
  /**
   * The starter catalogue, as the tools package's `listStarters()` reads it from the
   * template's packages/tools/starters when packing, so that the CLI needs no disk to know it.
   */
  starters: StarterInfo[];
  /**
   * Files to copy as they are from a path on disk instead of holding their bytes: the vendored
   * tarballs, when create reads the template (template/store.ts). Relative POSIX path → where
   * to copy it from and its sha256, computed when the CLI was built. Never overlaps `files`.
   */
  copied?: Record<string, CopiedFile>;
}

export interface CopiedFile {
  /** Absolute path of the file to copy. */
  source: string;
  /** sha256 hex of its bytes. */
  sha256: string;
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
 * The shared packages' sources: a generated project gets them prebuilt, as the tarballs of
 * vendor.ts. The starters stay in the packed template, for the CLI to render functions from
 * (the tools tarball carries them for `pnpm gen trigger`).
 */
const VENDORED_SOURCES = /^packages\/(?:events|runtime|tools)(?:$|\/)/;

/**
 * The template as create writes it: templates/workspace without the shared packages'
 * sources, with their tarballs in vendor/ and pnpm overrides that install them.
 */
export function packTemplate(root: string, vendored: readonly VendoredPackage[]): PackedTemplate {
  const files: Record<string, TemplateFile> = {};
  const walk = (dir: string) => {
    const relativeDir = toPosix(relative(root, dir));
    if (VENDORED_SOURCES.test(relativeDir) && !isInStarters(relativeDir)) {
      // Only on the way down to the starters: nothing else of the shared packages is written.
      if (STARTERS_DIR.startsWith(`${relativeDir}/`)) {
        walk(join(dir, STARTERS_DIR.slice(relativeDir.length + 1).split('/')[0] as string));
      }
      return;
    }
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!EXCLUDED_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile() && !EXCLUDED_FILE.test(entry.name)) {
        const relativePath = toPosix(relative(root, path));
        files[relativePath] = packFile(path);
      }
    }
  };
  walk(root);
  for (const pkg of vendored) files[pkg.path] = templateFileOf(pkg.bytes);
  files[WORKSPACE_FILE] = templateFileOf(
    Buffer.from(withVendorOverrides(templateFileBytes(required(files, WORKSPACE_FILE)), vendored)),
  );
  for (const file of Object.values(files)) file.sha256 = sha256(templateFileBytes(file));
  return { files: sortedByPath(files), starters: listStarters(join(root, STARTERS_DIR)) };
}

const WORKSPACE_FILE = 'pnpm-workspace.yaml';

function isInStarters(path: string): boolean {
  return path === STARTERS_DIR || path.startsWith(`${STARTERS_DIR}/`);
}

/**
 * pnpm-workspace.yaml with overrides that install every @edge-app/* package from its tarball,
 * wherever it is asked for (the root, a function package, another shared package), by the
 * version it is named with: once published, the overrides go and nothing else changes.
 */
function withVendorOverrides(yaml: Buffer, vendored: readonly VendoredPackage[]): string {
  const text = yaml.toString('utf8');
  if (vendored.length === 0) return text;
  if (/^overrides:/m.test(text)) {
    throw new Error(
      `templates/workspace/${WORKSPACE_FILE} has overrides of its own; merge them here.`,
    );
  }
  const lines = vendored.map((pkg) => `  '${pkg.name}': 'file:${pkg.path}'`);
  return `${text.trimEnd()}\n\n# The shared @edge-app/* packages, prebuilt and kept in vendor/ until they are published;\n# \`create-edge-app upgrade\` replaces them.\noverrides:\n${lines.join('\n')}\n`;
}

function required(files: Record<string, TemplateFile>, path: string): TemplateFile {
  const file = files[path];
  if (!file) throw new Error(`The template has no ${path}.`);
  return file;
}

export function sortedByPath<File>(files: Record<string, File>): Record<string, File> {
  const sorted: Record<string, File> = {};
  for (const path of Object.keys(files).sort()) sorted[path] = files[path] as File;
  return sorted;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

function packFile(path: string): TemplateFile {
  const file = templateFileOf(readFileSync(path));
  if ((statSync(path).mode & 0o111) !== 0) file.executable = true;
  return file;
}
