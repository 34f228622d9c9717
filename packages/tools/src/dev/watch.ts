/**
 * File watching for `edge dev`, debounced so an editor's burst of writes (temp file, rename,
 * chmod) becomes one rebuild.
 *
 * Editors save two ways: in place, or by writing a new file and renaming it over the old one
 * (JetBrains' safe write, `sed -i`, vim's backupcopy). Every way must be seen, every time. So
 * directories are watched, never files: a file watch follows the old file and goes deaf after
 * a rename. Node's recursive fs.watch on Linux misses in-place saves that follow a save by
 * rename (test/dev/watch.test.ts shows it), so there each directory of the tree gets a watch
 * of its own, and directories created later are added as they appear. macOS and Windows
 * watch a tree natively.
 */
import { existsSync, type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
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

const NATIVE_RECURSIVE = process.platform === 'darwin' || process.platform === 'win32';
const NEVER_WATCHED = new Set(['node_modules', '.git', 'dist']);

/** A watch on one directory, or (`recursive`) on everything under it. */
interface DirectoryWatch {
  close(): void;
  readonly recursive: boolean;
}

/**
 * Watches `root` and every directory under it, calling `changed` with the full path of what
 * changed. On Linux one watch per directory; new directories are watched as they appear.
 */
function watchTree(
  root: string,
  changed: (path: string) => void,
  failed: (error: Error) => void,
): DirectoryWatch {
  if (NATIVE_RECURSIVE) {
    const watcher = watch(root, { recursive: true }, (_event, file) =>
      changed(file ? join(root, String(file)) : root),
    );
    watcher.on('error', failed);
    return { recursive: true, close: () => watcher.close() };
  }
  const watchers = new Map<string, FSWatcher>();
  const add = (dir: string) => {
    if (watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (_event, file) => {
        const path = file ? join(dir, String(file)) : dir;
        // A directory created (or renamed into place) after the start.
        if (file && !watchers.has(path) && isWatchableDirectory(path)) add(path);
        changed(path);
      });
    } catch {
      // Gone between listing and watching.
      return;
    }
    watcher.on('error', (error: NodeJS.ErrnoException) => {
      watcher.close();
      watchers.delete(dir);
      // A subdirectory that was deleted ends its own watch; only the root's end is news.
      if (dir === root) failed(error);
    });
    watchers.set(dir, watcher);
    for (const entry of safeReaddir(dir)) {
      if (entry.isDirectory() && !NEVER_WATCHED.has(entry.name)) add(join(dir, entry.name));
    }
  };
  add(root);
  return {
    recursive: true,
    close() {
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function watchDirectory(
  dir: string,
  changed: (path: string) => void,
  failed: (error: Error) => void,
): DirectoryWatch {
  const watcher = watch(dir, (_event, file) => changed(file ? join(dir, String(file)) : dir));
  watcher.on('error', failed);
  return { recursive: false, close: () => watcher.close() };
}

function isWatchableDirectory(path: string): boolean {
  if (NEVER_WATCHED.has(basename(path))) return false;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeReaddir(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
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
  const watches = new Map<string, DirectoryWatch>();
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
    const existing = watches.get(dir);
    if ((existing && (existing.recursive || !recursive)) || !existsSync(dir)) return;
    // A function's src/ may already be watched flat, as the directory of another function's
    // input: watch it again, recursively, or changes in its subdirectories go unseen.
    existing?.close();
    const failed = (error: Error) => {
      onError(owner, error);
      watches.get(dir)?.close();
      watches.delete(dir);
    };
    watches.set(
      dir,
      recursive ? watchTree(dir, changed, failed) : watchDirectory(dir, changed, failed),
    );
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
      for (const entry of watches.values()) entry.close();
      watches.clear();
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
    base === '4913' ||
    base.endsWith('___jb_tmp___') ||
    base.endsWith('___jb_old___')
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
