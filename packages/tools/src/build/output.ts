/** Writing build output so that a reader (the dev server, deploy) never sees half a file. */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { ModuleSize } from './types.ts';
import { createZip, type ZipEntry } from './zip.ts';

type Write = (path: string, data: Uint8Array | string) => void;

/**
 * How a build writes its files: `edge dev` (incremental) may load a file while a rebuild writes
 * it, so there each file is replaced in one step.
 */
export function outputWriter(incremental: boolean): Write {
  return incremental ? writeFileAtomic : writeFilePlain;
}

/**
 * Writes `<outDir>.zip` holding `entries` and returns its size, or, when the build makes no zip,
 * removes one an earlier build left: it no longer matches the output and must never reach deploy.
 */
export function writeZip(
  outDir: string,
  entries: ZipEntry[] | undefined,
  write: Write,
): { zipPath: string; zipBytes: number } | undefined {
  const zipPath = `${outDir}.zip`;
  if (!entries) {
    rmSync(zipPath, { force: true });
    return undefined;
  }
  const zip = createZip(entries);
  write(zipPath, zip);
  return { zipPath, zipBytes: zip.length };
}

export function toPosix(path: string): string {
  return path.split(sep).join('/');
}

export function writeFilePlain(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/**
 * Removes every file an earlier build left under `dir` that is not in `keep` (paths relative
 * to `dir`, forward slashes), at any depth; cheaper than emptying the directory.
 */
export function removeStaleEntries(dir: string, keep: ReadonlySet<string>, prefix = ''): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const name = `${prefix}${entry.name}`;
    const path = join(dir, entry.name);
    if (entry.isDirectory() && [...keep].some((kept) => kept.startsWith(`${name}/`))) {
      removeStaleEntries(path, keep, `${name}/`);
    } else if (!keep.has(name)) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Sizes keyed by file, with every file of one npm package added up under the package name. */
export function groupModuleSizes(
  sizes: Iterable<[path: string, bytes: number]>,
  packageOf: (path: string) => string | undefined,
): ModuleSize[] {
  const totals = new Map<string, number>();
  for (const [path, bytes] of sizes) {
    if (bytes === 0) continue;
    const name = packageOf(path) ?? path;
    totals.set(name, (totals.get(name) ?? 0) + bytes);
  }
  return [...totals]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
}
