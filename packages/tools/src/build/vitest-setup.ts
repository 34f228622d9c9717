/**
 * A vitest setup file that gives tests the same `EDGE_CONFIG` a bundle has: the `define`
 * values of the stage `EDGE_STAGE` names (else the default stage, as `edge build` picks it).
 * Register it in the workspace's vitest config:
 *
 *   test: { setupFiles: ['@edge-app/tools/vitest-setup'] }
 *
 * A setup file, not vitest's `define`, because the config file cannot import edge.config.ts:
 * Vite loads configs with Node, which cannot run the TypeScript of the workspace packages.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setContainerGlobals } from '@edge-app/runtime';
import { loadConfig, workspaceRoot } from '../project.ts';
import { BUILD_CONFIG_GLOBAL, buildTimeValues } from './build-config.ts';

/** edge.config.ts of the workspace under test: above the working directory, else above us. */
function findEdgeConfig(
  starts = [process.cwd(), dirname(fileURLToPath(import.meta.url))],
): string | undefined {
  return starts
    .map((start) => join(workspaceRoot(start), 'edge.config.ts'))
    .find((candidate) => existsSync(candidate));
}

const configPath = findEdgeConfig();
if (configPath) {
  // The loader `edge build` uses, so tests read the config exactly as the build does.
  const config = await loadConfig(dirname(configPath));
  const values = Object.freeze(buildTimeValues(config, process.env.EDGE_STAGE));
  Object.defineProperty(globalThis, BUILD_CONFIG_GLOBAL, { value: values, configurable: true });
  // Handlers invoked by path run in their own container (a worker thread or a Python process),
  // which does not share this globalThis.
  setContainerGlobals({ [BUILD_CONFIG_GLOBAL]: values });
}
