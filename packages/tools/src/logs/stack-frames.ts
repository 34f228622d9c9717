/**
 * Stack traces from the minified bundle (`/var/task/index.mjs:1:2345`) mapped back to the
 * owner's source through the build's source map: the map kept for the version that logged
 * (the log stream names it, `2026/03/01/[3]…`), else the local build's, said so, since the
 * local code may have moved on since that version was deployed.
 */
import { join, relative, resolve } from 'node:path';
import { toPosix } from '../build/output.ts';
import { SourceMapLookup } from '../build/source-map.ts';
import { type LoadedSourceMap, readKeptSourceMap, readMap } from '../deploy/kept-source-maps.ts';

export interface MappedFrame {
  /** As the log has it: `index.mjs:1:2345`. */
  at: string;
  /** Relative to the workspace root. */
  source: string;
  line: number;
  column: number;
  /** The source line from that column, when the map embeds the sources. */
  text?: string;
  /** Whose map: the deployed version's, or the local build's. */
  map: 'version' | 'local build';
}

const BUNDLE_POSITION = /(?:file:\/\/)?\/var\/task\/index\.mjs:(\d+):(\d+)/g;

/** `2026/03/01/[3]0123abcd` → `3`; `[$LATEST]` → `$LATEST`. */
export function versionOfStream(logStream: string): string | undefined {
  return /\[(\$LATEST|\d+)\]/.exec(logStream)?.[1];
}

export class StackMapper {
  private readonly lookups = new Map<
    string,
    { lookup: SourceMapLookup; base: string; map: MappedFrame['map'] } | null
  >();

  /** `packageOf` turns a Lambda function name into its package (dist/<package>/). */
  constructor(
    private readonly root: string,
    private readonly packageOf: (functionName: string) => string | undefined,
  ) {}

  frames(message: string, functionName: string, logStream: string): MappedFrame[] {
    const frames: MappedFrame[] = [];
    const seen = new Set<string>();
    for (const match of message.matchAll(BUNDLE_POSITION)) {
      const at = `index.mjs:${match[1]}:${match[2]}`;
      if (seen.has(at)) continue;
      seen.add(at);
      const found = this.lookupFor(functionName, versionOfStream(logStream));
      if (!found) return [];
      const position = found.lookup.originalPosition(Number(match[1]) - 1, Number(match[2]) - 1);
      if (!position) continue;
      frames.push({
        at,
        source: toPosix(relative(this.root, resolve(found.base, position.source))),
        line: position.line,
        column: position.column,
        ...(position.text !== undefined ? { text: position.text.trim() } : {}),
        map: found.map,
      });
    }
    return frames;
  }

  private lookupFor(functionName: string, version: string | undefined) {
    const key = `${functionName}\n${version ?? ''}`;
    if (!this.lookups.has(key)) this.lookups.set(key, this.load(functionName, version));
    return this.lookups.get(key) ?? undefined;
  }

  private load(functionName: string, version: string | undefined) {
    const kept = version ? readKeptSourceMap(this.root, functionName, version) : undefined;
    const pkg = this.packageOf(functionName);
    const local: LoadedSourceMap | undefined =
      kept || !pkg
        ? undefined
        : readMap(join(this.root, 'dist', pkg, 'index.mjs.map'), join(this.root, 'dist', pkg));
    const loaded = kept ?? local;
    if (!loaded) return null;
    try {
      return {
        lookup: new SourceMapLookup(loaded.map),
        base: loaded.base,
        map: kept ? ('version' as const) : ('local build' as const),
      };
    } catch {
      return null;
    }
  }
}
