/**
 * Rendering: the template copied verbatim into a staging directory, then the few named edits
 * (root package.json `name`, the README title line), one function package per chosen trigger
 * through the tools package's `addFunction`, and last the `.edge-app.json` record.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EdgeUserError } from '../../../../templates/workspace/packages/tools/src/errors.ts';
import { addFunction } from '../../../../templates/workspace/packages/tools/src/scaffold/add-function.ts';
import type { Answers } from '../answers/types.ts';
import { CliUserError } from '../errors.ts';
import { type PackedTemplate, templateFileBytes } from '../template/pack.ts';
import { MANIFEST_FILE, writeManifest } from './manifest.ts';

/** The one placeholder, standing alone on the README's first-level heading. */
export const README_TITLE_PLACEHOLDER = '# <PROJECT_NAME>';

export interface RenderedProject {
  /** Every file written, POSIX-style, relative to the project root, sorted. */
  files: string[];
}

export async function renderProject(
  template: PackedTemplate,
  answers: Answers,
  stageDir: string,
): Promise<RenderedProject> {
  // Path → bytes as written: the named edits happen before the one write, and the record's
  // hashes come from here instead of reading every file back.
  const written = new Map<string, Buffer>();
  const executable = new Set<string>();
  for (const [path, file] of Object.entries(template.files)) {
    written.set(path, templateFileBytes(file));
    if (file.executable) executable.add(path);
  }
  written.set('package.json', withPackageName(written.get('package.json'), answers.projectName));
  written.set('README.md', withReadmeTitle(written.get('README.md'), answers.projectName));
  await writeFiles(stageDir, written, executable);

  for (const fn of answers.functions) {
    let added: { files: string[] };
    try {
      added = await addFunction({
        root: stageDir,
        name: fn.name,
        eventType: fn.trigger,
        starter: fn.starter,
        language: fn.language,
      });
    } catch (error) {
      if (error instanceof EdgeUserError) throw new CliUserError(error.message, error.hint);
      throw error;
    }
    for (const path of added.files) written.set(path, readFileSync(join(stageDir, path)));
  }
  writeManifest(stageDir, answers, written);
  return { files: [...written.keys(), MANIFEST_FILE].sort() };
}

/**
 * Directories first (each once, parents before children), then every file at once: on a
 * slow or busy disk, concurrent writes finish far sooner than one after another.
 */
async function writeFiles(
  root: string,
  files: ReadonlyMap<string, Buffer>,
  executable: ReadonlySet<string>,
): Promise<void> {
  const dirs = new Set<string>();
  for (const path of files.keys()) dirs.add(dirname(join(root, path)));
  for (const dir of [...dirs].sort()) mkdirSync(dir, { recursive: true });
  const queue = [...files];
  // A bounded number of files open at once, however large the template grows (EMFILE).
  const writer = async () => {
    for (let next = queue.pop(); next; next = queue.pop()) {
      const [path, bytes] = next;
      await writeFile(join(root, path), bytes, executable.has(path) ? { mode: 0o755 } : {});
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_WRITES }, writer));
}

const CONCURRENT_WRITES = 16;

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
