/**
 * Watches each function's src/ and reports which function changed, debounced so an editor's
 * burst of writes (temp file, rename, chmod) becomes one rebuild.
 */
import { existsSync, type FSWatcher, watch } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface WatchTarget {
  name: string;
  dir: string;
}

export function watchSources(
  targets: WatchTarget[],
  onChange: (name: string) => void,
  debounceMs: number,
  onError: (name: string, error: Error) => void,
): () => void {
  const watchers: FSWatcher[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  for (const target of targets) {
    const src = join(target.dir, 'src');
    if (!existsSync(src)) continue;
    // Recursive fs.watch works on Linux from Node 20 (on macOS and Windows since long before).
    const watcher = watch(src, { recursive: true }, (_event, file) => {
      if (file && isEditorNoise(String(file))) return;
      clearTimeout(timers.get(target.name));
      timers.set(
        target.name,
        setTimeout(() => {
          timers.delete(target.name);
          onChange(target.name);
        }, debounceMs),
      );
    });
    watcher.on('error', (error) => onError(target.name, error));
    watchers.push(watcher);
  }
  return () => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    for (const watcher of watchers) watcher.close();
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
