/**
 * File watching for `edge dev`, debounced so an editor's burst of writes (temp file, rename,
 * chmod) becomes one rebuild.
 */
import { existsSync, type FSWatcher, watch } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';

export interface WatchTarget {
  name: string;
  dir: string;
  /** Every source file of the last build (BuiltFunction.inputs), e.g. a shared package's. */
  inputs?: string[];
}

export interface SourceWatcher {
  /** Replaces what is known about one function, e.g. after a rebuild changed its imports. */
  update(target: WatchTarget): void;
  close(): void;
}

/**
 * Watches each function's src/ (recursively, so new files count) and the directories of its
 * other build inputs outside node_modules, such as a workspace package it imports; a change
 * reports every function built from that file.
 */
export function watchSources(
  targets: WatchTarget[],
  onChange: (name: string) => void,
  debounceMs: number,
  onError: (name: string, error: Error) => void,
): SourceWatcher {
  const known = new Map<string, { src: string; inputs: Set<string> }>();
  const watchers = new Map<string, { watcher: FSWatcher; recursive: boolean }>();
  const timers = new Map<string, NodeJS.Timeout>();
  const schedule = (name: string) => {
    clearTimeout(timers.get(name));
    timers.set(
      name,
      setTimeout(() => {
        timers.delete(name);
        onChange(name);
      }, debounceMs),
    );
  };
  const changed = (path: string) => {
    if (isEditorNoise(path)) return;
    for (const [name, { src, inputs }] of known) {
      if (path.startsWith(src + sep) || inputs.has(path)) schedule(name);
    }
  };
  const ensureWatch = (dir: string, recursive: boolean, owner: string) => {
    const existing = watchers.get(dir);
    if ((existing && (existing.recursive || !recursive)) || !existsSync(dir)) return;
    // A function's src/ may already be watched flat, as the directory of another function's
    // input: watch it again, recursively, or changes in its subdirectories go unseen.
    existing?.watcher.close();
    // Recursive fs.watch works on Linux from Node 20 (on macOS and Windows since long before).
    const watcher = watch(dir, { recursive }, (_event, file) => {
      changed(file ? join(dir, String(file)) : dir);
    });
    watcher.on('error', (error) => {
      onError(owner, error);
      watcher.close();
      if (watchers.get(dir)?.watcher === watcher) watchers.delete(dir);
    });
    watchers.set(dir, { watcher, recursive });
  };
  const update = (target: WatchTarget) => {
    const src = join(target.dir, 'src');
    const inputs = new Set(
      (target.inputs ?? []).filter((path) => !path.split(/[\\/]/).includes('node_modules')),
    );
    known.set(target.name, { src, inputs });
    ensureWatch(src, true, target.name);
    for (const input of inputs) {
      if (!input.startsWith(src + sep)) ensureWatch(dirname(input), false, target.name);
    }
  };
  for (const target of targets) update(target);
  return {
    update,
    close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      for (const { watcher } of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** Swap and backup files editors write next to the real one. */
function isEditorNoise(file: string): boolean {
  const base = file.split(/[\\/]/).pop() ?? file;
  return (
    base.endsWith('~') ||
    base.endsWith('.swp') ||
    base.endsWith('.swx') ||
    base.startsWith('.#') ||
    base === '4913'
  );
}

/**
 * Debounced changes of one file. Its directory is watched, not the file, because editors that
 * save by writing a new file and renaming it over the old one would end a watch on the file.
 */
export function watchFile(path: string, debounceMs: number, onChange: () => void): () => void {
  if (!existsSync(path)) return () => {};
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dirname(path), (_event, file) => {
    if (file !== null && String(file) !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  watcher.on('error', () => watcher.close());
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
