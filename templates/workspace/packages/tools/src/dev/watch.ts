/**
 * Watches each function's src/ and reports which function changed, debounced so an editor's
 * burst of writes (temp file, rename, chmod) becomes one rebuild.
 */
import { existsSync, type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';

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
