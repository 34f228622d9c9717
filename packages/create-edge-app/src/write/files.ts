/** Writing a rendered project into its (new, empty) staging directory. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ProjectFiles {
  /** Relative POSIX path → bytes. */
  files: ReadonlyMap<string, Buffer>;
  /** Paths written with the execute bit. */
  executable: ReadonlySet<string>;
}

export function writeProjectFiles(root: string, { files, executable }: ProjectFiles): void {
  for (const [path, bytes] of files) {
    const destination = join(root, path);
    mkdirSync(dirname(destination), { recursive: true });
    writeFileSync(destination, bytes, { mode: executable.has(path) ? 0o755 : 0o644 });
  }
}
