/**
 * The packed template on disk, as build.mjs writes it into dist/: `template.json` (the text
 * files and the starter catalogue) and the vendored package tarballs beside it under
 * `vendor/`, read as bytes. Kept out of the JSON because base64 in JSON tripled the time to
 * load the template (4.5 against 1.5 ms measured), and every scaffold loads it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type PackedTemplate,
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
}

function isStoredBeside(path: string): boolean {
  return path.startsWith(`${VENDOR_DIR}/`);
}

export function writeTemplateDir(dir: string, template: PackedTemplate): void {
  const files: Record<string, TemplateFile> = {};
  const beside: string[] = [];
  for (const [path, file] of Object.entries(template.files)) {
    if (!isStoredBeside(path)) {
      files[path] = file;
      continue;
    }
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, templateFileBytes(file));
    beside.push(path);
  }
  const stored: StoredTemplate = { files, starters: template.starters, beside };
  writeFileSync(join(dir, TEMPLATE_FILE), JSON.stringify(stored));
}

export function readTemplateDir(dir: string): PackedTemplate {
  const stored = JSON.parse(readFileSync(join(dir, TEMPLATE_FILE), 'utf8')) as StoredTemplate;
  if (typeof stored.files !== 'object' || stored.files === null) {
    throw new Error(`${join(dir, TEMPLATE_FILE)} holds no files.`);
  }
  const files = stored.files;
  const beside = stored.beside ?? [];
  for (const path of beside) files[path] = templateFileOf(readFileSync(join(dir, path)));
  if (beside.length === 0) return { files, starters: stored.starters };
  // PackedTemplate's files are sorted by path; the ones read from beside went in last.
  return { files: sortedByPath(files), starters: stored.starters };
}
