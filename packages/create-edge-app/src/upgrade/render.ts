/**
 * A template rendered with the recorded answers, as data. It reuses the create command's
 * render phase (`renderFiles` in src/render/render.ts, all in memory) unchanged, so an
 * upgrade compares with exactly what `create` would write today.
 */
import { renderFiles } from '../render/render.ts';
import type { LoadedTemplate } from '../template/template.ts';
import { type FileSet, isMetaPath } from './files.ts';
import type { ProjectRecord } from './record.ts';

export async function renderWithAnswers(
  template: LoadedTemplate,
  answers: ProjectRecord['answers'],
): Promise<FileSet> {
  // targetDir and force only steer where and how create writes; rendering ignores them.
  const rendered = renderFiles(template, { ...answers, targetDir: '', force: false });
  const files: FileSet = new Map();
  for (const [path, bytes] of rendered.files) {
    if (!isMetaPath(path)) files.set(path, { bytes, executable: rendered.executable.has(path) });
  }
  return files;
}
