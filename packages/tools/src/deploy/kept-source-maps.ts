/**
 * The source map of every version deploy publishes, kept at
 * `.edge/source-maps/<function name>/<version>.map` so `edge logs` maps a stack trace from
 * version 3 with version 3's map, even after the code (and dist/) moved on. The zip carries no
 * map (see build/node-bundle.ts), so this is the only copy. Sources are rewritten relative to
 * the workspace root, the map no longer sitting beside its bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { toPosix, writeFileAtomic } from '../build/output.ts';
import type { RawSourceMap } from '../build/source-map.ts';

export function keptSourceMapPath(root: string, functionName: string, version: string): string {
  return join(root, '.edge', 'source-maps', functionName, `${version}.map`);
}

/** Copies the build's map for a published version (once: versions are immutable). */
export function keepSourceMap(
  root: string,
  mapPath: string,
  functionName: string,
  version: string,
): void {
  const target = keptSourceMapPath(root, functionName, version);
  if (existsSync(target) || !existsSync(mapPath)) return;
  const map = JSON.parse(readFileSync(mapPath, 'utf8')) as RawSourceMap & { sourceRoot?: string };
  const base = resolve(dirname(mapPath), map.sourceRoot ?? '');
  const kept = {
    ...map,
    sourceRoot: undefined,
    sources: map.sources.map((source) => toPosix(relative(root, resolve(base, source)))),
  };
  writeFileAtomic(target, JSON.stringify(kept));
}

/** A map and the directory its `sources` are relative to. */
export interface LoadedSourceMap {
  map: RawSourceMap;
  base: string;
}

/** The kept map of a version, else undefined. */
export function readKeptSourceMap(
  root: string,
  functionName: string,
  version: string,
): LoadedSourceMap | undefined {
  return readMap(keptSourceMapPath(root, functionName, version), root);
}

export function readMap(path: string, base: string): LoadedSourceMap | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return { map: JSON.parse(readFileSync(path, 'utf8')) as RawSourceMap, base };
  } catch {
    return undefined;
  }
}
