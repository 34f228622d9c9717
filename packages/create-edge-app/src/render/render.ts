/**
 * Rendering, all in memory: the template's workspace files with the few named edits (root
 * package.json `name`, the README title line), the @edge-app/* tarballs, one function package
 * per chosen trigger through the tools package's `renderFunctionPackages`, edge.config.ts with
 * their associations; then, for `create`, the stored merge base (base.ts) and last the
 * `.edge-app.json` record of every file's hash.
 */
import {
  renderFunctionPackages,
  type StarterSource,
  starterSourceOf,
  ToolsError,
} from '@edge-app/tools/scaffold';
import type { Answers, FunctionAnswer } from '../answers/types.ts';
import { CliError } from '../errors.ts';
import { type LoadedTemplate, templateFileBytes } from '../template/template.ts';
import { GENERATOR_VERSION } from '../version.ts';
import { writeProjectFiles } from '../write/files.ts';
import { BASE_FILE, encodeBase } from './base.ts';
import { MANIFEST_FILE, manifestBytes } from './manifest.ts';

/** The one placeholder, standing alone on the README's first-level heading. */
export const README_TITLE_PLACEHOLDER = '# <PROJECT_NAME>';

export interface RenderedFiles {
  /** Relative POSIX path → bytes, sorted by path. */
  files: Map<string, Buffer>;
  /** Paths written with the execute bit. */
  executable: Set<string>;
}

/** Renders the project and writes it into `stageDir` (which exists and is empty). */
export function renderProject(
  template: LoadedTemplate,
  answers: Answers,
  stageDir: string,
): { files: string[] } {
  const rendered = renderFiles(template, answers);
  writeProjectFiles(stageDir, rendered);
  return { files: [...rendered.files.keys()] };
}

/**
 * The whole project as data, with the stored merge base and the record; throws CliError for
 * a starter or name the template refuses.
 */
export function renderFiles(template: LoadedTemplate, answers: Answers): RenderedFiles {
  const rendered = renderTemplate(template, answers);
  const written = new Map(rendered.files);
  const files = new Map<string, { bytes: Buffer; executable: boolean }>();
  for (const [path, bytes] of written) {
    files.set(path, { bytes, executable: rendered.executable.has(path) });
  }
  written.set(BASE_FILE, encodeBase(GENERATOR_VERSION, files));
  written.set(MANIFEST_FILE, manifestBytes(answers, rendered.files));
  return { files: sortedByPath(written), executable: rendered.executable };
}

/** What the template renders for `answers`: the project's own files, without the record. */
export function renderTemplate(
  template: LoadedTemplate,
  answers: Pick<Answers, 'projectName' | 'functions'>,
): RenderedFiles {
  const written = new Map<string, Buffer>();
  const executable = new Set<string>();
  for (const [path, file] of Object.entries(template.workspace)) {
    written.set(path, templateFileBytes(file));
    if (file.executable) executable.add(path);
  }
  for (const [path, bytes] of template.tarballs) written.set(path, bytes);
  written.set('package.json', withPackageName(written.get('package.json'), answers.projectName));
  written.set('README.md', withReadmeTitle(written.get('README.md'), answers.projectName));

  const config = written.get('edge.config.ts')?.toString('utf8');
  if (config === undefined) throw new Error('The template has no edge.config.ts.');
  const rendered = renderFunctions(template, answers.functions, config, written);
  for (const added of rendered.packages) {
    for (const [path, bytes] of added.files) written.set(path, bytes);
    for (const path of added.executable) executable.add(path);
  }
  written.set('edge.config.ts', Buffer.from(rendered.config));
  return { files: sortedByPath(written), executable };
}

/**
 * The packages of functions added after create (`pnpm gen trigger`), from the template's
 * starters, without touching edge.config.ts: their associations are the owner's. Each is
 * rendered on its own, so two of one trigger never clash.
 */
export function renderAddedFunctions(
  template: LoadedTemplate,
  functions: readonly FunctionAnswer[],
): RenderedFiles {
  const config = template.workspace['edge.config.ts'];
  if (!config) throw new Error('The template has no edge.config.ts.');
  const files = new Map<string, Buffer>();
  const executable = new Set<string>();
  for (const fn of functions) {
    const rendered = renderFunctions(
      template,
      [fn],
      templateFileBytes(config).toString('utf8'),
      files,
    );
    for (const added of rendered.packages) {
      for (const [path, bytes] of added.files) files.set(path, bytes);
      for (const path of added.executable) executable.add(path);
    }
  }
  return { files: sortedByPath(files), executable };
}

function sortedByPath(files: ReadonlyMap<string, Buffer>): Map<string, Buffer> {
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Every function's package, and edge.config.ts with all their associations added in one
 * edit. The tools' refusals (an unknown starter, a clashing association) become CliErrors.
 */
function renderFunctions(
  template: LoadedTemplate,
  functions: readonly FunctionAnswer[],
  config: string,
  written: ReadonlyMap<string, Buffer>,
) {
  const starters = templateStarters(template);
  const catalogue = starters.list();
  const packageVersions = new Map(template.packages.map((pkg) => [pkg.name, pkg.version]));
  try {
    const names = new Set<string>();
    for (const fn of functions) {
      const packageDir = `packages/${fn.name}/`;
      if (names.has(fn.name) || [...written.keys()].some((path) => path.startsWith(packageDir))) {
        throw new CliError('invalid-answer', `packages/${fn.name} already exists.`, {
          hint: 'Give each function its own name.',
        });
      }
      names.add(fn.name);
    }
    return renderFunctionPackages(
      functions.map((fn) => ({
        name: fn.name,
        eventType: fn.trigger,
        starter: fn.starter,
        language: fn.language,
        catalogue,
        packageVersions,
        starterFiles: () => starters.files(fn.trigger, fn.starter, fn.language),
      })),
      config,
    );
  } catch (error) {
    if (error instanceof ToolsError) {
      throw new CliError('template', error.message, { hint: error.hint, cause: error });
    }
    throw error;
  }
}

/** The starters the template carries, read as the tools read a starters directory. */
export function templateStarters(template: LoadedTemplate): StarterSource {
  const files = Object.entries(template.starters).map(
    ([path, file]) =>
      [path, { bytes: templateFileBytes(file), executable: file.executable === true }] as const,
  );
  return starterSourceOf(new Map(files), 'the template');
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
