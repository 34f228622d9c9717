/**
 * Rendering: the template copied verbatim into a staging directory, then the few named edits
 * (root package.json `name`, the README title line), one function package per chosen trigger
 * through the tools package's `addFunction`, and last the `.edge-app.json` record.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  copyTemplate(template, stageDir);
  setPackageName(join(stageDir, 'package.json'), answers.projectName);
  setReadmeTitle(join(stageDir, 'README.md'), answers.projectName);
  for (const fn of answers.functions) {
    try {
      await addFunction({
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
  }
  const manifest = writeManifest(stageDir, answers);
  return { files: [...Object.keys(manifest.files), MANIFEST_FILE].sort() };
}

function copyTemplate(template: PackedTemplate, stageDir: string): void {
  for (const [path, file] of Object.entries(template.files)) {
    const target = join(stageDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, templateFileBytes(file));
    if (file.executable) chmodSync(target, 0o755);
  }
}

/** A JSON edit of one field; key order, other fields and formatting convention are kept. */
function setPackageName(manifestPath: string, name: string): void {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  manifest.name = name;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

function setReadmeTitle(readmePath: string, name: string): void {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const index = lines.indexOf(README_TITLE_PLACEHOLDER);
  if (index === -1) {
    throw new Error(`The template README.md has no "${README_TITLE_PLACEHOLDER}" line.`);
  }
  lines[index] = `# ${name}`;
  writeFileSync(readmePath, lines.join('\n'));
}
