/**
 * The workspace as the tools see it: `edge.config.ts` and the function packages under
 * `packages/`. A function package is any package whose package.json has an `edge` field.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVENT_TYPES as EDGE_EVENT_TYPES, type EventType } from '@edge-app/events';
import type { EdgeConfig } from '@edge-app/runtime';
import { ToolsError } from './errors.ts';

const CONFIG_FILE = 'edge.config.ts';

export type FunctionLanguage = 'node' | 'python';

export interface FunctionPackage {
  /** Directory name under packages/, also the name used in edge.config.ts. */
  name: string;
  dir: string;
  eventType: EventType;
  language: FunctionLanguage;
  /** src/index.ts or src/index.py */
  entry: string;
}

export interface Project {
  root: string;
  config: EdgeConfig;
  functions: FunctionPackage[];
}

interface EdgeField {
  eventType?: unknown;
  language?: unknown;
}

export function discoverFunctions(root: string): FunctionPackage[] {
  const packagesDir = join(root, 'packages');
  if (!existsSync(packagesDir)) return [];
  const found: FunctionPackage[] = [];
  for (const name of readdirSync(packagesDir).sort()) {
    const manifestPath = join(packagesDir, name, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = readManifest(manifestPath, name);
    if (!manifest.edge) continue;
    const { eventType, language = 'node' } = manifest.edge;
    if (!EDGE_EVENT_TYPES.includes(eventType as EventType)) {
      throw new ToolsError(
        'config',
        `packages/${name}/package.json: "edge.eventType" is ${JSON.stringify(eventType)}.`,
        { hint: `Set it to one of ${EDGE_EVENT_TYPES.join(', ')}.` },
      );
    }
    if (language !== 'node' && language !== 'python') {
      throw new ToolsError(
        'config',
        `packages/${name}/package.json: "edge.language" is ${JSON.stringify(language)}.`,
        { hint: 'Set it to "node" or "python".' },
      );
    }
    const dir = join(packagesDir, name);
    const entry = join(dir, 'src', language === 'python' ? 'index.py' : 'index.ts');
    if (!existsSync(entry)) {
      throw new ToolsError('config', `Function "${name}" has no ${entry.slice(root.length + 1)}.`, {
        hint:
          language === 'python'
            ? 'Every Python function package defines `def handler(event, context)` in that file.'
            : 'Every function package exports `handler` from that file.',
      });
    }
    found.push({ name, dir, eventType: eventType as EventType, language, entry });
  }
  return found;
}

function readManifest(path: string, name: string): { edge?: EdgeField } {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { edge?: EdgeField };
  } catch (error) {
    throw new ToolsError(
      'config',
      `packages/${name}/package.json is not valid JSON: ${(error as Error).message}`,
      { hint: 'Fix the file (a trailing comma or a missing quote is the usual cause).' },
    );
  }
}

/**
 * The workspace around `start`: the nearest directory at or above it with an edge.config.ts,
 * so `edge` also works from inside a function package. `start` itself when there is none, for
 * loadConfig to report.
 */
export function workspaceRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/**
 * Loads edge.config.ts: bundled to a temporary module first (Node 20 cannot import TypeScript),
 * then imported. Every way it can fail is the user's file, so each becomes an ToolsError.
 * `file` names another file of the root to load the same way (`edge pull` checks what it is
 * about to write).
 */
export async function loadConfig(root: string, file = CONFIG_FILE): Promise<EdgeConfig> {
  const configPath = join(root, file);
  if (!existsSync(configPath)) {
    throw new ToolsError('config', `No ${CONFIG_FILE} in ${root}.`, {
      hint: 'Run this command from the root of a workspace made by create-edge-app.',
    });
  }
  const outDir = join(root, 'node_modules', '.cache', 'edge');
  const outfile = join(outDir, `edge.config.${process.pid}.${Date.now()}.mjs`);
  let code: string;
  try {
    code = await bundleConfig(configPath, outfile);
  } catch (error) {
    throw new ToolsError('config', `${CONFIG_FILE} does not compile: ${(error as Error).message}`, {
      hint: 'Fix the error above; `pnpm typecheck` shows it with context.',
    });
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(outfile, code);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(outfile).href)) as { default?: unknown };
  } catch (error) {
    throw new ToolsError(
      'config',
      `${CONFIG_FILE} threw while loading: ${(error as Error)?.message ?? String(error)}`,
      {
        hint: 'Every `edge` command runs it on start; fix the code that throws what the message says.',
      },
    );
  } finally {
    rmSync(outfile, { force: true });
  }
  return checkedConfig(configObject(module.default));
}

/**
 * The config as the runtime's validator sees it: every command loads the file here, so dev,
 * build, test and deploy refuse the same mistakes with the same message.
 */
async function checkedConfig(value: object): Promise<EdgeConfig> {
  // Loaded here, not at the top: `edge --help` needs this module but not the runtime.
  const { ConfigValidationError, validateConfig } = await import('@edge-app/runtime');
  try {
    return validateConfig(value);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    throw new ToolsError('config', error.message, { hint: error.hint, cause: error });
  }
}

/**
 * edge.config.ts and the files it imports by relative path, as one ES module; packages
 * (`@edge-app/runtime` for defineConfig) stay imports and resolve from node_modules.
 */
async function bundleConfig(entryPoint: string, outfile: string): Promise<string> {
  // Loaded here, not at the top: `edge --help` needs this module but not esbuild.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entryPoint],
    outfile,
    write: false,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entryPoint}`);
  return output.text;
}

function configObject(value: unknown): object {
  if (value === undefined) {
    throw new ToolsError('config', `${CONFIG_FILE} has no default export.`, {
      hint: 'End it with `export default defineConfig({ ... })`.',
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new ToolsError(
      'config',
      `${CONFIG_FILE} exports ${got} as its default, not a configuration object.`,
      {
        hint: 'Export the object: `export default defineConfig({ origins: { ... }, defaultBehavior: { ... } })`.',
      },
    );
  }
  return value;
}

export async function loadProject(root: string): Promise<Project> {
  const config = await loadConfig(root);
  return { root, config, functions: discoverFunctions(root) };
}
