/**
 * Turns a handler path into something a container can load: `.mjs`/`.js`/`.cjs` as they are,
 * `.ts` bundled by esbuild into one ESM file (platform node, as the build ships it). Compiled
 * output is cached with the size and modification time of every file it was built from, so a
 * cold start of an unchanged TypeScript handler does not pay for esbuild again, in this process
 * or the next.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuntimeSetupError } from './errors.ts';
import { type NodeRuntime, runtimeMajor } from './node-runtime.ts';

export type ModuleLanguage = 'node' | 'python';

export interface ModuleSource {
  /** Absolute path of what the user pointed at. */
  path: string;
  language: ModuleLanguage;
  /** What the Node worker imports (a file URL); for Python, the script path. */
  loadable: string;
}

const NODE_EXTENSIONS = new Set(['.mjs', '.js', '.cjs']);
const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

export async function prepareModule(
  modulePath: string,
  runtime: NodeRuntime,
): Promise<ModuleSource> {
  const path = resolve(modulePath);
  const extension = extname(path);
  if (!existsSync(path)) {
    throw new RuntimeSetupError(
      `Handler module not found: ${path}`,
      'Pass the path of an existing .ts, .mjs, .js, .cjs or .py file.',
    );
  }
  if (extension === '.py') return { path, language: 'python', loadable: path };
  if (NODE_EXTENSIONS.has(extension)) {
    // Each container is a fresh process with its own module cache, so an edited file is read anew.
    return { path, language: 'node', loadable: pathToFileURL(path).href };
  }
  if (TS_EXTENSIONS.has(extension)) {
    const compiled = await compileTypeScript(path, runtimeMajor(runtime));
    return { path, language: 'node', loadable: pathToFileURL(compiled).href };
  }
  throw new RuntimeSetupError(
    `Cannot run ${path}: "${extension}" is not a handler file type.`,
    'Use a .ts, .mjs, .js or .cjs module (Node.js) or a .py file (Python).',
  );
}

/**
 * What a compiled handler was made from, kept beside it: the next process that needs the same
 * handler (the next test file, the next `edge dev`) reuses the output while every input file
 * is as it was, and skips starting esbuild at all.
 */
interface CompileManifest {
  outfile: string;
  /** [path, size, mtimeMs] of every source file esbuild read. */
  inputs: Array<[string, number, number]>;
}

const CACHE_DIR = join(tmpdir(), 'edge-app-invoke');

async function compileTypeScript(path: string, nodeMajor: number): Promise<string> {
  const name = basename(path, extname(path));
  const manifestFile = join(
    CACHE_DIR,
    `${name}-${createHash('sha1').update(`${path}\0node${nodeMajor}`).digest('hex').slice(0, 12)}.json`,
  );
  const cached = readManifest(manifestFile);
  if (cached && isCurrent(cached)) return cached.outfile;
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path],
    // Not written by esbuild, but the source map's paths are computed relative to it.
    outfile: join(CACHE_DIR, `${name}.mjs`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The Node.js of the function's Lambda runtime, which its container runs.
    target: `node${nodeMajor}`,
    write: false,
    metafile: true,
    sourcemap: 'inline',
    logLevel: 'silent',
    // Bundled CommonJS dependencies may `require` Node built-ins, which ESM lacks.
    banner: {
      js: `import { createRequire as __edgeCreateRequire } from 'node:module'; const require = __edgeCreateRequire(${JSON.stringify(pathToFileURL(path).href)});`,
    },
  }).catch((error: unknown) => {
    const detail = error instanceof Error ? error.message : String(error);
    throw new RuntimeSetupError(
      `Could not compile ${path}: ${detail}`,
      'Fix the TypeScript errors above; the handler is bundled with esbuild as `edge build` does.',
    );
  });
  const output = result.outputFiles[0];
  if (!output) throw new RuntimeSetupError(`esbuild produced no output for ${path}`);
  const digest = createHash('sha1').update(output.contents).digest('hex').slice(0, 12);
  const outfile = join(CACHE_DIR, `${name}-${digest}.mjs`);
  mkdirSync(CACHE_DIR, { recursive: true });
  if (!existsSync(outfile)) writeAtomically(outfile, output.contents);
  const inputs = Object.keys(result.metafile.inputs).flatMap((input) => {
    const file = resolve(input);
    try {
      const stat = statSync(file);
      return [[file, stat.size, stat.mtimeMs] as [string, number, number]];
    } catch {
      // Not a file (a virtual module): nothing to compare later.
      return [];
    }
  });
  writeAtomically(manifestFile, JSON.stringify({ outfile, inputs } satisfies CompileManifest));
  return outfile;
}

function readManifest(file: string): CompileManifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CompileManifest;
  } catch {
    return undefined;
  }
}

function isCurrent(manifest: CompileManifest): boolean {
  if (!existsSync(manifest.outfile)) return false;
  return manifest.inputs.every(([file, size, mtimeMs]) => {
    try {
      const stat = statSync(file);
      return stat.size === size && stat.mtimeMs === mtimeMs;
    } catch {
      return false;
    }
  });
}

/** Test files compile in parallel processes: each writes its own copy, then renames it. */
function writeAtomically(file: string, contents: string | Uint8Array): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, contents);
  renameSync(partial, file);
}

/** `packages/my-fn/src/index.ts` → `my-fn`; otherwise the file's base name. */
export function defaultFunctionName(modulePath: string): string {
  const path = resolve(modulePath);
  const parts = path.split(/[\\/]/);
  const file = basename(path, extname(path));
  const srcIndex = parts.lastIndexOf('src');
  const dist = parts.lastIndexOf('dist');
  if (file === 'index' && srcIndex > 0) return parts[srcIndex - 1] ?? file;
  if (file === 'index' && dist >= 0 && parts[dist + 1]) return parts[dist + 1] ?? file;
  return file;
}
