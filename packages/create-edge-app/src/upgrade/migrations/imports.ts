/**
 * Following moved files in JavaScript and TypeScript sources: every relative path written as a
 * string (`import … from './x.ts'`, `import('./x')`, `new URL('../src/x.ts', import.meta.url)`,
 * `vi.mock('./x')`) that names a file of the project is re-pointed when that file moved, or when
 * the file holding it moved. A string that names no file is left alone.
 */
import { posix } from 'node:path';

/** Extensions of the files whose relative references are followed. */
export const SOURCE_EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

const RELATIVE_STRING = /(['"`])(\.{1,2}\/[^'"`\s]*)\1/g;
const SCRIPT_TO_TYPE: Record<string, string> = {
  '.js': '.ts',
  '.jsx': '.tsx',
  '.mjs': '.mts',
  '.cjs': '.cts',
};

/**
 * `text` of the file now at `path`, which was at `was` (the same when it did not move), with
 * its relative references re-pointed. `moves`: old path → new path; `exists`: whether a
 * project path is a file, before the moves.
 */
export function followMoves(
  text: string,
  path: string,
  was: string,
  moves: ReadonlyMap<string, string>,
  exists: (path: string) => boolean,
): string {
  return text.replace(RELATIVE_STRING, (whole, quote: string, specifier: string) => {
    const target = resolveTarget(posix.join(posix.dirname(was), specifier), exists);
    if (!target) return whole;
    const moved = moves.get(target.file);
    if (!moved && path === was) return whole;
    const next = respell(specifier, target, moved ?? target.file, path);
    return next === specifier ? whole : `${quote}${next}${quote}`;
  });
}

interface Target {
  file: string;
  /** How the specifier names it: as it is, with a script extension for a type file, bare. */
  spelling: 'exact' | 'script' | 'bare' | 'directory';
}

function resolveTarget(joined: string, exists: (path: string) => boolean): Target | undefined {
  const path = posix.normalize(joined);
  if (path.startsWith('../')) return undefined;
  if (exists(path)) return { file: path, spelling: 'exact' };
  const extension = posix.extname(path);
  const typed = SCRIPT_TO_TYPE[extension];
  if (typed && exists(path.slice(0, -extension.length) + typed)) {
    return { file: path.slice(0, -extension.length) + typed, spelling: 'script' };
  }
  for (const suffix of ['.ts', '.tsx', '.js', '.mjs']) {
    if (exists(path + suffix)) return { file: path + suffix, spelling: 'bare' };
  }
  for (const index of ['index.ts', 'index.js']) {
    if (exists(`${path}/${index}`)) return { file: `${path}/${index}`, spelling: 'directory' };
  }
  return undefined;
}

/** The specifier for `file`, seen from `from`, spelled the way the old one was. */
function respell(old: string, target: Target, file: string, from: string): string {
  let named = file;
  const extension = posix.extname(file);
  if (target.spelling === 'script') {
    const script = Object.entries(SCRIPT_TO_TYPE).find(([, typed]) => typed === extension)?.[0];
    if (script) named = file.slice(0, -extension.length) + script;
  } else if (target.spelling === 'bare') {
    named = file.slice(0, -extension.length);
  } else if (target.spelling === 'directory') {
    named = posix.basename(file).startsWith('index.') ? posix.dirname(file) : named;
  }
  let relative = posix.relative(posix.dirname(from), named);
  if (!relative.startsWith('.')) relative = `./${relative}`;
  if (old.endsWith('/') && !relative.endsWith('/')) relative += '/';
  return relative;
}
