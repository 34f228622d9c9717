/**
 * A vitest setup file that gives tests the same `EDGE_CONFIG` a bundle has: the `define`
 * values of the stage `EDGE_STAGE` names (else the default stage, as `edge build` picks it).
 * Register it in the workspace's vitest config:
 *
 *   test: { setupFiles: ['@edge-app/tools/vitest-setup'] }
 *
 * A setup file, not vitest's `define`, because the config file cannot import edge.config.ts:
 * Vite loads configs with Node, which cannot run the TypeScript of the workspace packages.
 *
 * It runs once per test file, so the values are cached in node_modules/.cache/edge with the
 * size and modification time of every file edge.config.ts was built from: while none has
 * changed, a test file reads them back instead of starting esbuild to load the config again.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setContainerGlobals } from '@edge-app/runtime';
import { loadConfig, workspaceRoot } from '../project.ts';
import { BUILD_CONFIG_GLOBAL, type BuildTimeValues, buildTimeValues } from './build-config.ts';

/** edge.config.ts of the workspace under test: above the working directory, else above us. */
function findEdgeConfig(
  starts = [process.cwd(), dirname(fileURLToPath(import.meta.url))],
): string | undefined {
  return starts
    .map((start) => join(workspaceRoot(start), 'edge.config.ts'))
    .find((candidate) => existsSync(candidate));
}

interface CachedValues {
  stage: string | null;
  /** [path, size, mtimeMs] of edge.config.ts and every local file it imports. */
  inputs: Array<[string, number, number]>;
  values: BuildTimeValues;
}

function cacheFile(root: string): string {
  return join(root, 'node_modules', '.cache', 'edge', 'vitest-setup.json');
}

function cachedValues(root: string, stage: string | undefined): BuildTimeValues | undefined {
  let cached: CachedValues;
  try {
    cached = JSON.parse(readFileSync(cacheFile(root), 'utf8')) as CachedValues;
  } catch {
    return undefined;
  }
  if (cached.stage !== (stage ?? null)) return undefined;
  const current = cached.inputs.every(([file, size, mtimeMs]) => {
    try {
      const stat = statSync(file);
      return stat.size === size && stat.mtimeMs === mtimeMs;
    } catch {
      return false;
    }
  });
  return current ? cached.values : undefined;
}

/** The files esbuild reads to load edge.config.ts, as `loadConfig` bundles it. */
async function configInputs(configPath: string): Promise<string[]> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [configPath],
    write: false,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).map((input) => resolve(input));
}

async function loadValues(configPath: string, stage: string | undefined): Promise<BuildTimeValues> {
  const root = dirname(configPath);
  const cached = cachedValues(root, stage);
  if (cached) return cached;
  // The loader `edge build` uses, so tests read the config exactly as the build does.
  const values = buildTimeValues(await loadConfig(root), stage);
  const inputs = await configInputs(configPath).catch(() => []);
  // A config that reads the environment may give other values next time: not cached.
  const readsEnvironment = inputs.some((file) =>
    readFileSync(file, 'utf8').includes('process.env'),
  );
  if (inputs.length > 0 && !readsEnvironment) {
    const entry: CachedValues = {
      stage: stage ?? null,
      inputs: inputs.map((file) => {
        const stat = statSync(file);
        return [file, stat.size, stat.mtimeMs];
      }),
      values,
    };
    const file = cacheFile(root);
    mkdirSync(dirname(file), { recursive: true });
    // Test files start in parallel: each writes its own copy, then renames it in place.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(entry));
    renameSync(partial, file);
  }
  return values;
}

const configPath = findEdgeConfig();
if (configPath) {
  const values = Object.freeze(await loadValues(configPath, process.env.EDGE_STAGE));
  Object.defineProperty(globalThis, BUILD_CONFIG_GLOBAL, { value: values, configurable: true });
  // Handlers invoked by path run in their own container process, which does not share this
  // globalThis.
  setContainerGlobals({ [BUILD_CONFIG_GLOBAL]: values });
}
