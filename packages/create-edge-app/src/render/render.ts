/**
 * Rendering, all in memory: the template's files, the few named edits (root package.json
 * `name`, the README title line), one function package per chosen trigger through the tools
 * package's `renderFunctionPackages` (from the starters the template carries, so no starter is
 * read back from disk), and last the `.edge-app.json` record of the bytes written: the hash
 * the build stored for a file written as the template holds it, the others hashed here.
 * The starters themselves are not written: the vendored tools package carries them for
 * `pnpm gen trigger`, and creating files dominated scaffolding time on ext4 (bench/README.md,
 * cli section). The result is written once (write/files.ts): profiling showed a
 * copy-then-overwrite of each function's package.json alone costing ~50 ms per function.
 */
import { EdgeUserError } from '../../../../templates/workspace/packages/tools/src/errors.ts';
import { renderFunctionPackages } from '../../../../templates/workspace/packages/tools/src/scaffold/function-package.ts';
import type { Answers, FunctionAnswer } from '../answers/types.ts';
import { CliUserError } from '../errors.ts';
import {
  type CopiedFile,
  type PackedTemplate,
  STARTERS_DIR,
  sortedByPath,
  type TemplateFile,
  templateFileBytes,
} from '../template/pack.ts';
import { writeProjectFiles } from '../write/files.ts';
import { MANIFEST_FILE, manifestBytes } from './manifest.ts';

/** The one placeholder, standing alone on the README's first-level heading. */
export const README_TITLE_PLACEHOLDER = '# <PROJECT_NAME>';

export interface RenderedProject {
  /** Every file written, POSIX-style, relative to the project root, sorted. */
  files: string[];
}

export interface RenderedFiles {
  /** Relative POSIX path → bytes, `.edge-app.json` included, sorted by path. */
  files: Map<string, Buffer>;
  /** Paths written with the execute bit. */
  executable: Set<string>;
  /** Files copied as they are from disk (the template's `copied`), sorted by path. */
  copied: Map<string, CopiedFile>;
}

/** Renders the project and writes it into `stageDir` (which exists and is empty). */
export async function renderProject(
  template: PackedTemplate,
  answers: Answers,
  stageDir: string,
): Promise<RenderedProject> {
  const rendered = renderFiles(template, answers);
  writeProjectFiles(stageDir, rendered);
  return { files: [...rendered.files.keys(), ...rendered.copied.keys()].sort() };
}

/** The whole project as data; throws CliUserError for a starter or name the template refuses. */
export function renderFiles(template: PackedTemplate, answers: Answers): RenderedFiles {
  const written = new Map<string, Buffer>();
  // Bytes decoded from a template file → the sha256 the build stored for them. The record takes
  // it for a file written with exactly those bytes (the same Buffer) and hashes every other one.
  const storedHashes = new Map<Buffer, string>();
  const decode = (file: TemplateFile): Buffer => {
    const bytes = templateFileBytes(file);
    if (file.sha256) storedHashes.set(bytes, file.sha256);
    return bytes;
  };
  const executable = new Set<string>();
  const starters: Array<[string, TemplateFile]> = [];
  for (const [path, file] of Object.entries(template.files)) {
    if (path.startsWith(`${STARTERS_DIR}/`)) {
      starters.push([path.slice(STARTERS_DIR.length + 1), file]);
      continue;
    }
    written.set(path, decode(file));
    if (file.executable) executable.add(path);
  }
  written.set('package.json', withPackageName(written.get('package.json'), answers.projectName));
  written.set('README.md', withReadmeTitle(written.get('README.md'), answers.projectName));

  const config = written.get('edge.config.ts')?.toString('utf8');
  if (config === undefined) throw new Error('The template has no edge.config.ts.');
  const chosen = answers.functions.map((fn) => ({ fn, starter: starterFilesOf(starters, fn) }));
  const rendered = renderFunctions(template, chosen, config, written, decode);
  for (const [index, { starter }] of chosen.entries()) {
    const added = rendered.packages[index] as (typeof rendered.packages)[number];
    for (const [path, bytes] of added.files) {
      written.set(path, bytes);
      if (starter.get(added.sources.get(path) as string)?.executable) executable.add(path);
    }
  }
  written.set('edge.config.ts', Buffer.from(rendered.config));
  const copied = new Map(Object.entries(sortedByPath(template.copied ?? {})));
  written.set(MANIFEST_FILE, manifestBytes(answers, written, { copied, storedHashes }));

  const files = new Map<string, Buffer>();
  for (const path of [...written.keys()].sort()) files.set(path, written.get(path) as Buffer);
  return { files, executable, copied };
}

/** The starter variant a function is rendered from: `<event-type>/<starter>/<language>`. */
export function starterVariant(fn: FunctionAnswer): string {
  return `${fn.trigger}/${fn.starter}/${fn.language}`;
}

/** The chosen starter's files, keyed by their path in its `<language>/` directory. */
function starterFilesOf(
  starters: ReadonlyArray<readonly [string, TemplateFile]>,
  fn: FunctionAnswer,
): Map<string, TemplateFile> {
  const prefix = `${starterVariant(fn)}/`;
  const files = new Map<string, TemplateFile>();
  for (const [path, file] of starters) {
    if (path.startsWith(prefix)) files.set(path.slice(prefix.length), file);
  }
  return files;
}

/**
 * Every function's package, and edge.config.ts with all their associations added in one edit
 * (one scan of the config instead of one per function).
 */
function renderFunctions(
  template: PackedTemplate,
  chosen: ReadonlyArray<{ fn: FunctionAnswer; starter: ReadonlyMap<string, TemplateFile> }>,
  config: string,
  written: ReadonlyMap<string, Buffer>,
  decode: (file: TemplateFile) => Buffer,
) {
  try {
    const names = new Set<string>();
    for (const { fn } of chosen) {
      const packageDir = `packages/${fn.name}/`;
      if (names.has(fn.name) || [...written.keys()].some((path) => path.startsWith(packageDir))) {
        throw new EdgeUserError(
          `packages/${fn.name} already exists.`,
          'Give each function its own name.',
        );
      }
      names.add(fn.name);
    }
    return renderFunctionPackages(
      chosen.map(({ fn, starter }) => ({
        name: fn.name,
        eventType: fn.trigger,
        starter: fn.starter,
        language: fn.language,
        catalogue: template.starters,
        starterFiles: () => new Map([...starter].map(([path, file]) => [path, decode(file)])),
      })),
      config,
    );
  } catch (error) {
    if (error instanceof EdgeUserError) throw new CliUserError(error.message, error.hint);
    throw error;
  }
}

/** A JSON edit of one field; key order and the other fields are kept. */
function withPackageName(bytes: Buffer | undefined, name: string): Buffer {
  if (!bytes) throw new Error('The template has no package.json.');
  const manifest = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  manifest.name = name;
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
}

function withReadmeTitle(bytes: Buffer | undefined, name: string): Buffer {
  const lines = (bytes ?? Buffer.alloc(0)).toString('utf8').split('\n');
  const index = lines.indexOf(README_TITLE_PLACEHOLDER);
  if (index === -1) {
    throw new Error(`The template README.md has no "${README_TITLE_PLACEHOLDER}" line.`);
  }
  lines[index] = `# ${name}`;
  return Buffer.from(lines.join('\n'));
}
