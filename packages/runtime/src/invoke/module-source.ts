/**
 * Turns a handler path into something a container can load: `.mjs`/`.js`/`.cjs` as they are,
 * `.ts` bundled by esbuild into one ESM file (platform node, as the build ships it). Compiled
 * output is cached by path, size and modification time, so a cold start of an unchanged
 * TypeScript handler does not pay for esbuild again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
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
const compiled = new Map<string, string>();

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

async function compileTypeScript(path: string, nodeMajor: number): Promise<string> {
  const stat = statSync(path);
  const key = `${path}:${stat.size}:${stat.mtimeMs}:${nodeMajor}`;
  const cached = compiled.get(key);
  if (cached && existsSync(cached)) return cached;
  const digest = createHash('sha1').update(key).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'edge-app-invoke');
  const outfile = join(dir, `${basename(path, extname(path))}-${digest}.mjs`);
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path],
    // Not written by esbuild, but the source map's paths are computed relative to it.
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The Node.js of the function's Lambda runtime, which its container runs.
    target: `node${nodeMajor}`,
    write: false,
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
  mkdirSync(dir, { recursive: true });
  writeFileSync(outfile, output.contents);
  compiled.set(key, outfile);
  return outfile;
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
