/**
 * The packed template on disk, as build.mjs writes it into dist/: `template.json` (the text
 * files and the starter catalogue), the vendored package tarballs beside it under `vendor/`,
 * read as bytes (base64 in the JSON tripled the time to load the template: 4.5 against
 * 1.5 ms measured, on every scaffold), and one JSON file per starter variant under
 * `starters/`, read only for the variants a scaffold renders.
 *
 * Create does not even read the tarballs: it copies them into the project (copy_file_range,
 * the bytes never enter JavaScript) and records the sha256 the build stored for each. Reading,
 * base64-encoding and decoding, hashing and writing the 156 KiB took ~1.9 ms of a scaffold.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sha256 } from '../hash/sha256.ts';
import {
  type CopiedFile,
  type PackedTemplate,
  STARTERS_DIR,
  sortedByPath,
  type TemplateFile,
  templateFileBytes,
  templateFileOf,
} from './pack.ts';

export const TEMPLATE_FILE = 'template.json';
/** Where a generated project keeps the shared packages' tarballs (vendor.ts builds them). */
export const VENDOR_DIR = 'vendor';

interface StoredTemplate extends PackedTemplate {
  /** Paths of files stored beside template.json as they are, not inside it. */
  beside: string[];
  /** sha256 hex of each file stored beside (absent in templates built before it was added). */
  besideSha256?: Record<string, string>;
  /**
   * Starter variants (`<event-type>/<starter>/<language>`) stored beside template.json as
   * `starters/<variant>.json`, each its files by template path. Separate because a scaffold
   * reads only the variants it renders: the starters were 112 of the 148 kB to parse.
   */
  starterVariants?: string[];
}

/** Which starter variants to read: every one, or those listed. */
export type StarterSelection = 'all' | readonly string[];

export interface ReadOptions {
  /** Starter variants to read (default: all). */
  starters?: StarterSelection;
  /**
   * Leave the files stored beside template.json on disk, as `copied` entries with the sha256
   * the build stored, instead of reading their bytes (a template without those hashes is read).
   */
  copyBeside?: boolean;
}

function isStoredBeside(path: string): boolean {
  return path.startsWith(`${VENDOR_DIR}/`);
}

/** `<event-type>/<starter>/<language>` of a starter file's template path, else undefined. */
export function starterVariantOf(path: string): string | undefined {
  if (!path.startsWith(`${STARTERS_DIR}/`)) return undefined;
  const parts = path.slice(STARTERS_DIR.length + 1).split('/');
  return parts.length > 3 ? parts.slice(0, 3).join('/') : undefined;
}

function variantFile(dir: string, variant: string): string {
  return join(dir, 'starters', `${variant}.json`);
}

export function writeTemplateDir(dir: string, template: PackedTemplate): void {
  const files: Record<string, TemplateFile> = {};
  const beside: string[] = [];
  const besideSha256: Record<string, string> = {};
  const variants = new Map<string, Record<string, TemplateFile>>();
  for (const [path, file] of Object.entries(template.files)) {
    const variant = starterVariantOf(path);
    if (variant !== undefined) {
      const group = variants.get(variant) ?? {};
      group[path] = file;
      variants.set(variant, group);
    } else if (isStoredBeside(path)) {
      const bytes = templateFileBytes(file);
      writeBeside(join(dir, path), bytes);
      beside.push(path);
      besideSha256[path] = file.sha256 ?? sha256(bytes);
    } else {
      files[path] = file;
    }
  }
  for (const [variant, group] of variants) {
    writeBeside(variantFile(dir, variant), Buffer.from(JSON.stringify(group)));
  }
  const stored: StoredTemplate = {
    files,
    starters: template.starters,
    beside,
    besideSha256,
    starterVariants: [...variants.keys()].sort(),
  };
  writeFileSync(join(dir, TEMPLATE_FILE), JSON.stringify(stored));
}

function writeBeside(path: string, bytes: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/**
 * The template stored in `dir`, with the starter variants `starters` selects (all by default;
 * create reads only those it renders, through `addStarterVariants`, once answers are known).
 */
export function readTemplateDir(dir: string, options: ReadOptions = {}): PackedTemplate {
  return readTemplateFile(join(dir, TEMPLATE_FILE), options);
}

/**
 * The template whose JSON is `path` (any name), with what it keeps beside itself read from
 * the same directory. A JSON that holds every file (no `beside`, no `starterVariants`) reads
 * as it is.
 */
export function readTemplateFile(
  path: string,
  { starters = 'all', copyBeside = false }: ReadOptions = {},
): PackedTemplate {
  const dir = dirname(path);
  const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredTemplate;
  if (typeof stored.files !== 'object' || stored.files === null) {
    throw new Error(`${path} holds no files.`);
  }
  const files = stored.files;
  const copied: Record<string, CopiedFile> = {};
  for (const beside of stored.beside ?? []) {
    const hash = stored.besideSha256?.[beside];
    if (copyBeside && hash !== undefined) {
      copied[beside] = { source: join(dir, beside), sha256: hash };
    } else {
      files[beside] = templateFileOf(readFileSync(join(dir, beside)));
    }
  }
  const storedVariants = stored.starterVariants ?? [];
  const wanted = starters === 'all' ? storedVariants : starters;
  for (const variant of wanted) {
    if (storedVariants.includes(variant)) Object.assign(files, readVariant(dir, variant));
  }
  // PackedTemplate's files are sorted by path; the ones read from beside went in last.
  const template: PackedTemplate = { files: sortedByPath(files), starters: stored.starters };
  if (Object.keys(copied).length > 0) template.copied = copied;
  return template;
}

/** `template` with the files of `variants` read from `dir` too (those it lacks). */
export function addStarterVariants(
  template: PackedTemplate,
  dir: string,
  variants: readonly string[],
): PackedTemplate {
  const files = { ...template.files };
  for (const variant of variants) {
    if (!existsSync(variantFile(dir, variant))) continue; // then render names what is missing
    Object.assign(files, readVariant(dir, variant));
  }
  return { ...template, files: sortedByPath(files) };
}

function readVariant(dir: string, variant: string): Record<string, TemplateFile> {
  return JSON.parse(readFileSync(variantFile(dir, variant), 'utf8')) as Record<
    string,
    TemplateFile
  >;
}
