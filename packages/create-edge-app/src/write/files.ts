/**
 * Writing a rendered project into its (new, empty) staging directory: each directory made
 * once, parents before children, then each file, all with synchronous calls.
 *
 * Creating ~240 files and ~100 directories is most of a scaffold's time, and it is kernel CPU
 * time: on the development VM's journal-less ext4, every new inode scans past its block group's
 * recently deleted ones (`recently_deleted()` in fs/ext4/ialloc.c, over half of a run in
 * `perf`). Measured there, same file set, interleaved, 11 rounds each: this loop took
 * 12.5–13 ms (median) against 30–33 ms for 32 `fs/promises` writes in flight on a loaded
 * machine (load ~5 on 2 cores), 128 ms against 151 ms when the file system was busy; only
 * with spare cores and a slow file system did the concurrent writes win (16 ms against 78 ms). Synchronous
 * calls skip the thread-pool hand-offs (three per file: open, write, close), which is what
 * decides it when the cores are already busy. See bench/README.md.
 */
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedFiles } from '../render/render.ts';

/**
 * `files`: relative POSIX path → bytes; `executable`: paths written with mode 0755; `copied`:
 * relative path → the file on disk copied there as it is.
 */
export function writeProjectFiles(
  root: string,
  { files, executable, copied }: RenderedFiles,
): void {
  const dirs = new Set<string>();
  for (const path of [...files.keys(), ...copied.keys()]) {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      dirs.add(path.slice(0, slash));
    }
  }
  // A parent's path is a prefix of its children's, so sorted it comes first: no `recursive`.
  for (const dir of [...dirs].sort()) mkdirSync(join(root, dir));
  for (const [path, bytes] of files) {
    writeFileSync(join(root, path), bytes, { mode: executable.has(path) ? 0o755 : 0o644 });
  }
  for (const [path, file] of copied) {
    const destination = join(root, path);
    copyFileSync(file.source, destination);
    // copyFileSync keeps the source's mode: a CLI installed read-only must not make these so.
    chmodSync(destination, 0o644);
  }
}
