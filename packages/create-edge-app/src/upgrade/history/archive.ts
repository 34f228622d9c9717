/**
 * The template history this CLI carries: every version of every file the template has shipped
 * (scripts/template-history.mjs builds it from this repository's git history and the released
 * CLIs kept in test/fixtures/releases/; build.mjs ships it as dist/template-history.json.br).
 * Upgrade rebuilds from it, offline, the merge base of a project that has no stored base.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import { CliError } from '../../errors.ts';

export const HISTORY_FILE = 'template-history.json.br';

/** One version of a repository path and the states of the template it was part of. */
export interface FileVersion {
  sha256: string;
  /** Half-open ranges of state indexes, oldest first. */
  spans: Array<[from: number, to: number]>;
}

/** A released CLI's template as its own build packed it. */
export interface ReleasedPack {
  version: string;
  /** Workspace path → sha256 of its content. */
  workspace: Record<string, string>;
  /** `<event>/<starter>/<language>/<path>` → sha256. */
  starters: Record<string, string>;
  /** The tarballs it shipped, by path in a project → sha256 (their bytes are not kept). */
  tarballs: Record<string, string>;
}

export interface TemplateHistory {
  /** How many states of the template the history holds (the last is the newest). */
  readonly states: number;
  readonly packs: readonly ReleasedPack[];
  /** The content with this sha256, if any version of any template file had it. */
  blob(sha256: string): Buffer | undefined;
  /** Every version of a repository path (`templates/...`), in the order they first appeared. */
  versions(path: string): readonly FileVersion[];
  /** Every repository path that starts with `prefix`. */
  pathsUnder(prefix: string): string[];
}

interface ArchiveData {
  format: 1;
  states: Array<Record<string, string | null>>;
  packs: ReleasedPack[];
  blobs: Record<string, string | { base64: string }>;
}

export function loadHistory(path = builtHistoryPath()): TemplateHistory {
  let data: ArchiveData;
  try {
    data = JSON.parse(brotliDecompressSync(readFileSync(path)).toString('utf8')) as ArchiveData;
    if (data.format !== 1) throw new Error(`unknown format ${String(data.format)}`);
  } catch (error) {
    throw new CliError('template-missing', `The template history at ${path} cannot be read.`, {
      hint: 'Reinstall create-edge-app; in its repository, run `pnpm build` first.',
      cause: error,
    });
  }
  return historyOf(data);
}

function historyOf(data: ArchiveData): TemplateHistory {
  const versions = new Map<string, FileVersion[]>();
  const open = new Map<string, FileVersion>();
  data.states.forEach((changes, index) => {
    for (const [path, hash] of Object.entries(changes)) {
      const ending = open.get(path);
      if (ending) (ending.spans.at(-1) as [number, number])[1] = index;
      open.delete(path);
      if (hash === null) continue;
      const list = versions.get(path) ?? [];
      let version = list.find((v) => v.sha256 === hash);
      if (!version) {
        version = { sha256: hash, spans: [] };
        list.push(version);
        versions.set(path, list);
      }
      version.spans.push([index, data.states.length]);
      open.set(path, version);
    }
  });
  const decoded = new Map<string, Buffer>();
  return {
    states: data.states.length,
    packs: data.packs,
    blob(hash) {
      const cached = decoded.get(hash);
      if (cached) return cached;
      const content = data.blobs[hash];
      if (content === undefined) return undefined;
      const bytes =
        typeof content === 'string'
          ? Buffer.from(content, 'utf8')
          : Buffer.from(content.base64, 'base64');
      decoded.set(hash, bytes);
      return bytes;
    },
    versions: (path) => versions.get(path) ?? [],
    pathsUnder: (prefix) => [...versions.keys()].filter((path) => path.startsWith(prefix)),
  };
}

/** dist/template-history.json.br beside the bundle; the committed archive when run from source. */
function builtHistoryPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith('dist')
    ? join(here, HISTORY_FILE)
    : join(here, '..', '..', '..', 'template-history', 'archive.json.br');
}
