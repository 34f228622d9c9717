/**
 * A template rendered with the recorded answers, as data. It reuses the create command's
 * render phase (src/render/render.ts) unchanged, into a temporary directory that is removed
 * afterwards, so an upgrade renders exactly what `create` would write today.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderProject } from '../render/render.ts';
import type { PackedTemplate } from '../template/pack.ts';
import { type FileSet, readFileSet } from './files.ts';
import type { ProjectRecord } from './record.ts';

export async function renderWithAnswers(
  template: PackedTemplate,
  answers: ProjectRecord['answers'],
): Promise<FileSet> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'create-edge-app-upgrade-')));
  try {
    const { files } = await renderProject(
      template,
      { ...answers, targetDir: dir, force: false },
      dir,
    );
    return readFileSet(dir, files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
