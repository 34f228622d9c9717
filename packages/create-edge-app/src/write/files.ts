/** Writing a rendered project into its (new, empty) staging directory. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RenderedFiles } from '../render/render.ts';

export function writeProjectFiles(root: string, { files, executable }: RenderedFiles): void {
  for (const [path, bytes] of files) {
    const destination = join(root, path);
    mkdirSync(dirname(destination), { recursive: true });
    writeFileSync(destination, bytes, { mode: executable.has(path) ? 0o755 : 0o644 });
  }
}
