/**
 * The new rendering: the template rendered with the recorded answers by the create command's
 * own render code (src/render/render.ts, all in memory), so an upgrade compares with exactly
 * what `create` would write today, plus the packages of the functions `pnpm gen trigger` added.
 */
import type { FunctionAnswer } from '../answers/types.ts';
import { CliError } from '../errors.ts';
import { MANIFEST_FILE } from '../render/manifest.ts';
import { type RenderedFiles, renderAddedFunctions, renderTemplate } from '../render/render.ts';
import type { LoadedTemplate } from '../template/template.ts';
import type { FileSet } from './files.ts';
import type { ProjectRecord } from './record.ts';

export interface NextRendering {
  files: FileSet;
  /** The added functions the template can still render (the others are left as they are). */
  added: FunctionAnswer[];
  notes: string[];
}

export function renderNext(
  template: LoadedTemplate,
  answers: ProjectRecord['answers'],
  added: readonly FunctionAnswer[],
): NextRendering {
  let rendered: RenderedFiles;
  try {
    rendered = renderTemplate(template, answers);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    // The recorded answers can name a starter that the template no longer has.
    throw new CliError(
      'template',
      `Rendering the template with the answers in ${MANIFEST_FILE} failed: ${error.message}`,
      {
        hint: `${error.hint ? `${error.hint} ` : ''}Change that answer in ${MANIFEST_FILE} ("answers") to one this version has, commit, and run upgrade again.`,
      },
    );
  }
  const files = fileSetOf(rendered);
  const next: NextRendering = { files, added: [], notes: [] };
  for (const fn of added) {
    try {
      for (const [path, file] of fileSetOf(renderAddedFunctions(template, [fn]))) {
        files.set(path, file);
      }
      next.added.push(fn);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      next.notes.push(
        `packages/${fn.name} (added with pnpm gen trigger) is not upgraded: ${error.message} It is left as it is.`,
      );
    }
  }
  return next;
}

function fileSetOf(rendered: RenderedFiles): FileSet {
  const files: FileSet = new Map();
  for (const [path, bytes] of rendered.files) {
    files.set(path, { bytes, executable: rendered.executable.has(path) });
  }
  return files;
}
