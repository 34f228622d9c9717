/**
 * The template as data: what `create` writes before the answers are applied. build.mjs packs
 * it into dist/template.json (pack.ts) from the repository's templates/workspace and
 * templates/starters, with the @edge-app/* packages as the tarballs `pnpm pack` made, kept in
 * dist/vendor/. One JSON file because npm drops dotfiles such as `.gitignore` from a package.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../errors.ts';

/** One file: UTF-8 text, or base64 when it is not valid UTF-8. */
export interface TemplateFile {
  content: string;
  encoding?: 'base64';
  executable?: true;
}

/** One @edge-app/* package a generated project installs from its tarball. */
export interface VendoredPackage {
  name: string;
  version: string;
  /** Where the project keeps it: `vendor/<name>-<version>-<content hash>.tgz`. */
  path: string;
}

export interface Template {
  /** The project root's files (templates/workspace), by relative POSIX path. */
  workspace: Record<string, TemplateFile>;
  /** The handler starters: `<event-type>/<starter>/<language>/<path>` → file. */
  starters: Record<string, TemplateFile>;
  packages: VendoredPackage[];
}

/** The template with the tarballs' bytes, as `create` and `upgrade` render it. */
export interface LoadedTemplate extends Template {
  tarballs: Map<string, Buffer>;
}

export const TEMPLATE_FILE = 'template.json';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function templateFileOf(bytes: Uint8Array, executable = false): TemplateFile {
  let file: TemplateFile;
  try {
    file = { content: utf8.decode(bytes) };
  } catch {
    file = { content: Buffer.from(bytes).toString('base64'), encoding: 'base64' };
  }
  if (executable) file.executable = true;
  return file;
}

export function templateFileBytes(file: TemplateFile): Buffer {
  return Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');
}

/**
 * The template stored at `path` (default: the one this CLI was built with, in dist/), with
 * the tarballs it names read from beside it.
 */
export function loadTemplate(path = builtTemplatePath()): LoadedTemplate {
  let template: Template;
  try {
    template = JSON.parse(readFileSync(path, 'utf8')) as Template;
  } catch (error) {
    throw new CliError('template-missing', `The template at ${path} cannot be read.`, {
      hint: 'Reinstall create-edge-app; in its repository, run `pnpm build` first.',
      cause: error,
    });
  }
  const tarballs = new Map<string, Buffer>();
  for (const pkg of template.packages) {
    tarballs.set(pkg.path, readFileSync(join(dirname(path), pkg.path)));
  }
  return { ...template, tarballs };
}

/** dist/template.json: beside the bundle, or above src/template/ when run from source. */
function builtTemplatePath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith('dist')
    ? join(here, TEMPLATE_FILE)
    : join(here, '..', '..', 'dist', TEMPLATE_FILE);
}
