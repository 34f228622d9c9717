/**
 * The handler starter catalogue. Each starter is a complete function package (package.json
 * with its `edge` field and a description, src/, tests) at
 * `<event-type>/<starter>/<ts|python>/` under a starters directory: `templates/starters` in
 * the create-edge-app repository, `dist/starters` in the built @edge-app/tools package that a
 * generated project installs. create-edge-app holds the same files in memory (its template
 * data); both are read through one `StarterSource`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_TYPES, type EventType } from '@edge-app/events';
import { ToolsError } from '../errors.ts';

export type StarterLanguage = 'ts' | 'python';
export const STARTER_LANGUAGES: readonly StarterLanguage[] = ['ts', 'python'];

export interface StarterInfo {
  eventType: EventType;
  starter: string;
  languages: StarterLanguage[];
  description: string;
}

/** One starter file as data. */
export interface StarterFile {
  bytes: Buffer;
  executable: boolean;
}

export interface StarterSource {
  /** Where the starters come from, for messages. */
  readonly location: string;
  /** Every starter, by event type then name ('blank' first), with the languages it comes in. */
  list(): StarterInfo[];
  /** One starter's files, by POSIX path relative to its `<ts|python>/` directory. */
  files(eventType: EventType, starter: string, language: StarterLanguage): Map<string, StarterFile>;
}

/** Install output and caches that may sit in a starter directory: never part of a starter. */
const NOT_STARTER_CONTENT = new Set([
  'node_modules',
  'dist',
  '.cache',
  '.edge',
  '__pycache__',
  '.pytest_cache',
]);

/** False for install output and caches (any path segment). */
export function isStarterContent(relativePath: string): boolean {
  return !relativePath.split('/').some((segment) => NOT_STARTER_CONTENT.has(segment));
}

/** Starters held as data, keyed `<event-type>/<starter>/<language>/<path>`. */
export function starterSourceOf(
  files: ReadonlyMap<string, StarterFile>,
  location: string,
): StarterSource {
  return {
    location,
    list: () => catalogue(files),
    files: (eventType, starter, language) => {
      const prefix = `${eventType}/${starter}/${language}/`;
      const found = new Map<string, StarterFile>();
      for (const [path, file] of files) {
        if (path.startsWith(prefix) && isStarterContent(path)) {
          found.set(path.slice(prefix.length), file);
        }
      }
      return found;
    },
  };
}

/** Starters as package directories, `<dir>/<event-type>/<starter>/<language>/`. */
export function directoryStarterSource(dir: string): StarterSource {
  if (!existsSync(dir)) {
    throw new ToolsError('scaffold', `Found no handler starters: ${dir} does not exist.`, {
      hint: 'Run `pnpm install` in the workspace: the starters come with @edge-app/tools.',
    });
  }
  let source: StarterSource | undefined;
  const read = () => {
    source ??= starterSourceOf(readStarterTree(dir), dir);
    return source;
  };
  return {
    location: dir,
    list: () => read().list(),
    files: (eventType, starter, language) => read().files(eventType, starter, language),
  };
}

/**
 * The starters that come with this package: `dist/starters` of the built package, or, when
 * this module runs from the repository's sources (src/scaffold/), its `templates/starters`.
 */
export function installedStarterSource(): StarterSource {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromSource = basename(here) === 'scaffold' && basename(dirname(here)) === 'src';
  return directoryStarterSource(
    fromSource
      ? join(here, '..', '..', '..', '..', 'templates', 'starters')
      : join(packageDirAbove(here), 'dist', 'starters'),
  );
}

/** The directory of the package.json above `dir`: the built module sits in its dist/. */
function packageDirAbove(dir: string): string {
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`@edge-app/tools: no package.json above ${dir}.`);
    dir = parent;
  }
  return dir;
}

/** The catalogue entry of one starter that comes in `language`; a clear error otherwise. */
export function findStarter(
  catalogue: readonly StarterInfo[],
  eventType: EventType,
  starter: string,
  language: StarterLanguage,
): StarterInfo {
  const forType = catalogue.filter((s) => s.eventType === eventType);
  const match = forType.find((s) => s.starter === starter);
  if (!match) {
    throw new ToolsError('scaffold', `There is no "${starter}" starter for ${eventType}.`, {
      hint: `Starters for ${eventType}: ${forType.map((s) => s.starter).join(', ') || 'none'}.`,
    });
  }
  if (!match.languages.includes(language)) {
    throw new ToolsError(
      'scaffold',
      `The "${starter}" starter for ${eventType} has no ${language === 'ts' ? 'TypeScript' : 'Python'} version.`,
      { hint: `It comes in: ${match.languages.join(', ')}.` },
    );
  }
  return match;
}

/** A starter exists in a language when its package.json does. */
function catalogue(files: ReadonlyMap<string, StarterFile>): StarterInfo[] {
  const manifests = new Map<string, Map<StarterLanguage, Buffer>>();
  for (const [path, file] of files) {
    const [eventType, starter, language, name, ...rest] = path.split('/');
    if (name !== 'package.json' || rest.length > 0) continue;
    if (!STARTER_LANGUAGES.includes(language as StarterLanguage)) continue;
    const key = `${eventType}/${starter}`;
    const byLanguage = manifests.get(key) ?? new Map<StarterLanguage, Buffer>();
    byLanguage.set(language as StarterLanguage, file.bytes);
    manifests.set(key, byLanguage);
  }
  const starters: StarterInfo[] = [];
  for (const eventType of EVENT_TYPES) {
    const names = [...manifests.keys()]
      .filter((key) => key.startsWith(`${eventType}/`))
      .map((key) => key.slice(eventType.length + 1))
      .sort(blankFirst);
    for (const starter of names) {
      const byLanguage = manifests.get(`${eventType}/${starter}`) as Map<StarterLanguage, Buffer>;
      const languages = STARTER_LANGUAGES.filter((language) => byLanguage.has(language));
      const first = byLanguage.get(languages[0] as StarterLanguage) as Buffer;
      starters.push({ eventType, starter, languages, description: descriptionOf(first) });
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

/** Every starter file under `dir`, keyed `<event-type>/<starter>/<language>/<path>`, sorted. */
export function readStarterTree(dir: string): Map<string, StarterFile> {
  const files: Array<[string, StarterFile]> = [];
  const walk = (at: string, prefix: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const relative = prefix + entry.name;
      if (!isStarterContent(relative)) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path, `${relative}/`);
      // Files directly under the starters directory (README, tsconfig) are not a starter's.
      else if (entry.isFile() && relative.split('/').length > 3) {
        const executable = (statSync(path).mode & 0o111) !== 0;
        files.push([relative, { bytes: readFileSync(path), executable }]);
      }
    }
  };
  walk(dir, '');
  return new Map(files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
