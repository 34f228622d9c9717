/**
 * Where handler starters are read from. In the create-edge-app repository they are real
 * package directories (`packages/tools/starters/<event-type>/<starter>/<ts|python>/`, tested
 * as workspace members); a generated project carries them packed in one file,
 * `packages/tools/starters.json`, because writing ~150 starter files and directories was most
 * of the time create-edge-app spent scaffolding (see bench/README.md, cli section).
 * Both are read through one `StarterSource`, so the catalogue and the copy do not care which.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES, type EventType } from '@edge-app/events';
import { EdgeUserError } from '../errors.ts';

export type StarterLanguage = 'ts' | 'python';
export const STARTER_LANGUAGES: readonly StarterLanguage[] = ['ts', 'python'];

export interface StarterInfo {
  eventType: EventType;
  starter: string;
  languages: StarterLanguage[];
  description: string;
}

/** One starter's files: POSIX paths relative to its `<ts|python>/` directory. */
export interface StarterFiles {
  files: Map<string, Buffer>;
  /** The paths that carry an execute bit, which the copy keeps. */
  executable: Set<string>;
}

export interface StarterSource {
  /** The directory or file the starters come from, for messages. */
  readonly location: string;
  /** Every starter, by event type then name ('blank' first), with the languages it comes in. */
  list(): StarterInfo[];
  /** The files of one starter in one language (empty when it does not exist). */
  files(eventType: EventType, starter: string, language: StarterLanguage): StarterFiles;
}

/** Beside `packages/tools/`: the directory form (this repository) and the packed form. */
export const STARTERS_DIR_NAME = 'starters';
export const PACKED_STARTERS_FILE = 'starters.json';
const PACKED_FORMAT = 'edge-app-starters@1';

/** One packed file, the same shape as create-edge-app's template pack uses. */
export interface PackedStarterFile {
  /** UTF-8 text, or base64 when `encoding` says so (a file that is not valid UTF-8). */
  content: string;
  encoding?: 'base64';
  executable?: true;
}

export interface PackedStarters {
  format: typeof PACKED_FORMAT;
  /** `<event-type>/<starter>/<language>/<path>` → the file. */
  files: Record<string, PackedStarterFile>;
}

/** What a starter directory may hold that is not part of the starter. */
const NOT_STARTER_CONTENT = new Set([
  'node_modules',
  'dist',
  '.cache',
  '.edge',
  '__pycache__',
  '.pytest_cache',
]);

/** False for install output and caches that may sit in a starter directory (any segment). */
export function isStarterContent(relativePath: string): boolean {
  return !relativePath.split('/').some((segment) => NOT_STARTER_CONTENT.has(segment));
}

/**
 * The starters of a workspace's tools package: its `starters/` directory when there is one,
 * else its `starters.json`. Throws EdgeUserError when it has neither.
 */
export function openStarterSource(toolsDir: string): StarterSource {
  const dir = join(toolsDir, STARTERS_DIR_NAME);
  if (existsSync(dir)) return directoryStarterSource(dir);
  const packed = join(toolsDir, PACKED_STARTERS_FILE);
  if (existsSync(packed)) return packedStarterSource(readPackedStarters(packed), packed);
  throw new EdgeUserError(
    `Found no handler starters: neither ${dir} nor ${packed} exists.`,
    'Run this from a workspace made by create-edge-app, or restore packages/tools/starters.json from its first commit.',
  );
}

/** Starters as package directories, `<dir>/<event-type>/<starter>/<language>/`. */
export function directoryStarterSource(dir: string): StarterSource {
  const subdirectories = (at: string): string[] => {
    if (!existsSync(at)) return [];
    return readdirSync(at, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && isStarterContent(entry.name))
      .filter((entry) => !entry.name.startsWith('.'))
      .map((entry) => entry.name);
  };
  return {
    location: dir,
    list: () =>
      catalogue({
        starterNames: (eventType) => subdirectories(join(dir, eventType)),
        manifest: (eventType, starter, language) => {
          const path = join(dir, eventType, starter, language, 'package.json');
          return existsSync(path) ? readFileSync(path) : undefined;
        },
      }),
    files: (eventType, starter, language) =>
      readStarterDirectory(join(dir, eventType, starter, language)),
  };
}

/** Starters packed as data (`starters.json`), `location` naming where it was read from. */
export function packedStarterSource(packed: PackedStarters, location: string): StarterSource {
  return {
    location,
    list: () => {
      const names = new Map<string, Set<string>>();
      for (const path of Object.keys(packed.files)) {
        const [eventType, starter] = path.split('/');
        if (eventType === undefined || starter === undefined) continue;
        const forType = names.get(eventType) ?? new Set<string>();
        forType.add(starter);
        names.set(eventType, forType);
      }
      return catalogue({
        starterNames: (eventType) => [...(names.get(eventType) ?? [])],
        manifest: (eventType, starter, language) => {
          const file = packed.files[`${eventType}/${starter}/${language}/package.json`];
          return file && packedFileBytes(file);
        },
      });
    },
    files: (eventType, starter, language) => {
      const prefix = `${eventType}/${starter}/${language}/`;
      const result: StarterFiles = { files: new Map(), executable: new Set() };
      for (const [path, file] of Object.entries(packed.files)) {
        if (!path.startsWith(prefix)) continue;
        const relative = path.slice(prefix.length);
        if (!isStarterContent(relative)) continue;
        result.files.set(relative, packedFileBytes(file));
        if (file.executable) result.executable.add(relative);
      }
      return result;
    },
  };
}

/** Reads and checks a `starters.json`; a clear error when it is not one. */
export function readPackedStarters(path: string): PackedStarters {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new EdgeUserError(
      `${path} is not valid JSON (${(error as Error).message}).`,
      'It is generated by create-edge-app and not meant to be edited: restore it from git.',
    );
  }
  const candidate = parsed as Partial<PackedStarters> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.format !== PACKED_FORMAT ||
    typeof candidate.files !== 'object' ||
    candidate.files === null
  ) {
    throw new EdgeUserError(
      `${path} is not a starters file this version reads (expected "format": "${PACKED_FORMAT}" and "files").`,
      'It is generated by create-edge-app and not meant to be edited: restore it from git.',
    );
  }
  return candidate as PackedStarters;
}

/**
 * The bytes of `starters.json` for these files (keys `<event-type>/<starter>/<language>/<path>`).
 * One file per line, sorted, so that the output is the same for the same input (create-edge-app
 * upgrade compares hashes) and a change to one starter file is a one-line diff.
 * Plain JSON, not gzip: gzip cut 121 kB to 29 kB but cost ~5 ms per render to compress, more
 * than writing the difference takes, and would make the file opaque to diffs and merges.
 */
export function serializePackedStarters(
  files: Iterable<readonly [string, PackedStarterFile]>,
): string {
  const entries = [...files]
    .filter(([path]) => isStarterContent(path))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = entries.map(
    ([path, file]) => `    ${JSON.stringify(path)}: ${JSON.stringify(packedFileFields(file))}`,
  );
  const body = lines.length > 0 ? `\n${lines.join(',\n')}\n  ` : '';
  return `{\n  "format": ${JSON.stringify(PACKED_FORMAT)},\n  "files": {${body}}\n}\n`;
}

/** Packs a starters directory (the directory form) into `starters.json` bytes. */
export function packStarterDirectory(dir: string): string {
  const files: Array<[string, PackedStarterFile]> = [];
  for (const { eventType, starter, languages } of directoryStarterSource(dir).list()) {
    for (const language of languages) {
      const read = readStarterDirectory(join(dir, eventType, starter, language));
      for (const [path, bytes] of read.files) {
        const file = packedFileOf(bytes);
        if (read.executable.has(path)) file.executable = true;
        files.push([`${eventType}/${starter}/${language}/${path}`, file]);
      }
    }
  }
  return serializePackedStarters(files);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function packedFileOf(bytes: Buffer): PackedStarterFile {
  try {
    return { content: utf8.decode(bytes) };
  } catch {
    return { content: bytes.toString('base64'), encoding: 'base64' };
  }
}

/** The fields in a fixed order, whatever order the caller built them in. */
function packedFileFields(file: PackedStarterFile): PackedStarterFile {
  const fields: PackedStarterFile = { content: file.content };
  if (file.encoding === 'base64') fields.encoding = 'base64';
  if (file.executable) fields.executable = true;
  return fields;
}

function packedFileBytes(file: PackedStarterFile): Buffer {
  return Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');
}

interface CatalogueView {
  starterNames(eventType: EventType): string[];
  manifest(eventType: EventType, starter: string, language: StarterLanguage): Buffer | undefined;
}

/** The catalogue rule for either form: a language exists when its package.json does. */
function catalogue(view: CatalogueView): StarterInfo[] {
  const starters: StarterInfo[] = [];
  for (const eventType of EVENT_TYPES) {
    const names = view.starterNames(eventType).sort(blankFirst);
    for (const starter of names) {
      const manifests = STARTER_LANGUAGES.map(
        (language) => [language, view.manifest(eventType, starter, language)] as const,
      ).filter((pair): pair is readonly [StarterLanguage, Buffer] => pair[1] !== undefined);
      const first = manifests[0];
      if (first === undefined) continue;
      starters.push({
        eventType,
        starter,
        languages: manifests.map(([language]) => language),
        description: descriptionOf(first[1]),
      });
    }
  }
  return starters;
}

function blankFirst(a: string, b: string): number {
  return a === 'blank' ? -1 : b === 'blank' ? 1 : a.localeCompare(b);
}

function descriptionOf(manifest: Buffer): string {
  try {
    const { description } = JSON.parse(manifest.toString('utf8')) as { description?: unknown };
    return typeof description === 'string' ? description : '';
  } catch {
    return '';
  }
}

/** Every file of a starter directory, caches and install output left out. */
function readStarterDirectory(dir: string): StarterFiles {
  const result: StarterFiles = { files: new Map(), executable: new Set() };
  if (!existsSync(dir)) return result;
  const walk = (at: string, prefix: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const relative = prefix + entry.name;
      if (!isStarterContent(relative)) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path, `${relative}/`);
      else if (entry.isFile()) {
        result.files.set(relative, readFileSync(path));
        if ((statSync(path).mode & 0o111) !== 0) result.executable.add(relative);
      }
    }
  };
  walk(dir, '');
  return result;
}
