/**
 * The workspace as the tools see it: `edge.config.ts` and the function packages under
 * `packages/`. A function package is any package whose package.json has an `edge` field.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVENT_TYPES as EDGE_EVENT_TYPES, type EventType } from '@edge-app/events';
import type { EdgeConfig } from '@edge-app/runtime';
import { EdgeUserError } from './errors.ts';

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
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { edge?: EdgeField };
    if (!manifest.edge) continue;
    const { eventType, language = 'node' } = manifest.edge;
    if (!EDGE_EVENT_TYPES.includes(eventType as EventType)) {
      throw new EdgeUserError(
        `packages/${name}/package.json: "edge.eventType" is ${JSON.stringify(eventType)}.`,
        `Set it to one of ${EDGE_EVENT_TYPES.join(', ')}.`,
      );
    }
    if (language !== 'node' && language !== 'python') {
      throw new EdgeUserError(
        `packages/${name}/package.json: "edge.language" is ${JSON.stringify(language)}.`,
        'Set it to "node" or "python".',
      );
    }
    const dir = join(packagesDir, name);
    const entry = join(dir, 'src', language === 'python' ? 'index.py' : 'index.ts');
    if (!existsSync(entry)) {
      throw new EdgeUserError(
        `Function "${name}" has no ${entry.slice(root.length + 1)}.`,
        'Every function package exports `handler` from that file.',
      );
    }
    found.push({ name, dir, eventType: eventType as EventType, language, entry });
  }
  return found;
}

/** Loads edge.config.ts by bundling it with esbuild (Node 20 cannot import TypeScript). */
export async function loadConfig(root: string): Promise<EdgeConfig> {
  const configPath = join(root, 'edge.config.ts');
  if (!existsSync(configPath)) {
    throw new EdgeUserError(
      `No edge.config.ts in ${root}.`,
      'Run this command from the root of a workspace made by create-edge-app.',
    );
  }
  const { build } = await import('esbuild');
  const outDir = join(root, 'node_modules', '.cache', 'edge');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `edge.config.${process.pid}.${Date.now()}.mjs`);
  try {
    await build({
      entryPoints: [configPath],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      plugins: [
        {
          name: 'external-dependencies',
          setup(b) {
            b.onResolve({ filter: /^[^./]/ }, (args) =>
              args.path.startsWith('@edge-app/') ? undefined : { path: args.path, external: true },
            );
          },
        },
      ],
    });
  } catch (error) {
    throw new EdgeUserError(
      `edge.config.ts does not compile: ${(error as Error).message}`,
      'Fix the error above; `pnpm typecheck` shows it with context.',
    );
  }
  try {
    const module = (await import(pathToFileURL(outfile).href)) as { default?: EdgeConfig };
    if (!module.default)
      throw new EdgeUserError(
        'edge.config.ts has no default export.',
        'End it with `export default defineConfig({ ... })`.',
      );
    return module.default;
  } finally {
    const { rmSync } = await import('node:fs');
    rmSync(outfile, { force: true });
  }
}

export async function loadProject(root: string): Promise<Project> {
  const config = await loadConfig(root);
  return { root, config, functions: discoverFunctions(root) };
}
