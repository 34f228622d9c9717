/**
 * Where handler starters are read from. In the create-edge-app repository they are real
 * package directories (`packages/tools/starters/<event-type>/<starter>/<ts|python>/`, tested
 * as workspace members); outside it they are packed in one file, `starters.json`
 * (starter-pack.ts), in the prebuilt @edge-app/tools a generated project installs (or in
 * packages/tools/ of a project generated before that), because writing ~150 starter files and
 * directories was most of the time create-edge-app spent scaffolding (bench/README.md, cli).
 * Both are read through one `StarterSource`, so the catalogue and the copy do not care which.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES, type EventType } from '@edge-app/events';
import { EdgeUserError } from '../errors.ts';
import {
  isStarterContent,
  PACKED_STARTERS_FILE,
  type PackedStarterFile,
  type PackedStarters,
  packedFileBytes,
  packedFileOf,
  readPackedStarters,
  serializePackedStarters,
} from './starter-pack.ts';

export {
  isStarterContent,
  PACKED_STARTERS_FILE,
  type PackedStarterFile,
  type PackedStarters,
  readPackedStarters,
  serializePackedStarters,
};

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

export const STARTERS_DIR_NAME = 'starters';

/** What either form answers; a starter exists in a language when its package.json does. */
interface StarterTree {
  starterNames(eventType: EventType): string[];
  manifest(eventType: EventType, starter: string, language: StarterLanguage): Buffer | undefined;
  files(eventType: EventType, starter: string, language: StarterLanguage): StarterFiles;
}

/**
 * The starters of a workspace's tools package: its `starters/` directory, its `starters.json`,
 * or both, a starter in the directory then taking precedence over the packed one of the same
 * event type, name and language. (An owner may add starters as directories; and upgrading a
 * project generated before starters were packed keeps the starter files its owner edited.)
 * Throws EdgeUserError when there is neither.
 */
export function openStarterSource(toolsDir: string): StarterSource {
  const dir = join(toolsDir, STARTERS_DIR_NAME);
  const packedPath = join(toolsDir, PACKED_STARTERS_FILE);
  const hasDir = existsSync(dir);
  const hasPacked = existsSync(packedPath);
  if (hasDir && hasPacked) {
    const location = `${dir} and ${packedPath}`;
    const packed = packedTree(readPackedStarters(packedPath));
    return sourceOf(layeredTree(directoryTree(dir), packed), location);
  }
  if (hasDir) return directoryStarterSource(dir);
  if (hasPacked) return packedStarterSource(readPackedStarters(packedPath), packedPath);
  throw new EdgeUserError(
    `Found no handler starters: neither ${dir} nor ${packedPath} exists.`,
    'Run this from a workspace made by create-edge-app, after `pnpm install` (the starters come with @edge-app/tools).',
  );
}

/** Starters as package directories, `<dir>/<event-type>/<starter>/<language>/`. */
export function directoryStarterSource(dir: string): StarterSource {
  return sourceOf(directoryTree(dir), dir);
}

/** Starters packed as data (`starters.json`), `location` naming where it was read from. */
export function packedStarterSource(packed: PackedStarters, location: string): StarterSource {
  return sourceOf(packedTree(packed), location);
}

/** Packs a starters directory (the directory form) into `starters.json` bytes. */
export function packStarterDirectory(dir: string): string {
  const source = directoryStarterSource(dir);
  const files: Array<[string, PackedStarterFile]> = [];
  for (const { eventType, starter, languages } of source.list()) {
    for (const language of languages) {
      const read = source.files(eventType, starter, language);
      for (const [path, bytes] of read.files) {
        const file = packedFileOf(bytes);
        if (read.executable.has(path)) file.executable = true;
        files.push([`${eventType}/${starter}/${language}/${path}`, file]);
      }
    }
  }
  return serializePackedStarters(files);
}

function sourceOf(tree: StarterTree, location: string): StarterSource {
  return {
    location,
    list: () => catalogue(tree),
    files: (eventType, starter, language) =>
      tree.manifest(eventType, starter, language) === undefined
        ? { files: new Map(), executable: new Set() }
        : tree.files(eventType, starter, language),
  };
}

function directoryTree(dir: string): StarterTree {
  return {
    starterNames: (eventType) => {
      const at = join(dir, eventType);
      if (!existsSync(at)) return [];
      return readdirSync(at, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
        .filter((entry) => isStarterContent(entry.name))
        .map((entry) => entry.name);
    },
    manifest: (eventType, starter, language) => {
      const path = join(dir, eventType, starter, language, 'package.json');
      return existsSync(path) ? readFileSync(path) : undefined;
    },
    files: (eventType, starter, language) =>
      readStarterDirectory(join(dir, eventType, starter, language)),
  };
}

function packedTree(packed: PackedStarters): StarterTree {
  const names = new Map<string, Set<string>>();
  for (const path of Object.keys(packed.files)) {
    const [eventType, starter] = path.split('/');
    if (eventType === undefined || starter === undefined) continue;
    names.set(eventType, (names.get(eventType) ?? new Set<string>()).add(starter));
  }
  return {
    starterNames: (eventType) => [...(names.get(eventType) ?? [])],
    manifest: (eventType, starter, language) => {
      const file = packed.files[`${eventType}/${starter}/${language}/package.json`];
      return file && packedFileBytes(file);
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

/** `over` wins for each starter and language it has (whole, never file by file). */
function layeredTree(over: StarterTree, under: StarterTree): StarterTree {
  const from = (eventType: EventType, starter: string, language: StarterLanguage) =>
    over.manifest(eventType, starter, language) === undefined ? under : over;
  return {
    starterNames: (eventType) => [
      ...new Set([...over.starterNames(eventType), ...under.starterNames(eventType)]),
    ],
    manifest: (eventType, starter, language) =>
      from(eventType, starter, language).manifest(eventType, starter, language),
    files: (eventType, starter, language) =>
      from(eventType, starter, language).files(eventType, starter, language),
  };
}

function catalogue(tree: StarterTree): StarterInfo[] {
  const starters: StarterInfo[] = [];
  for (const eventType of EVENT_TYPES) {
    for (const starter of tree.starterNames(eventType).sort(blankFirst)) {
      const manifests = STARTER_LANGUAGES.map(
        (language) => [language, tree.manifest(eventType, starter, language)] as const,
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
