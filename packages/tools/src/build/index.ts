/**
 * Builds the workspace's functions for Lambda@Edge: `edge build`, `edge size`, `edge dev`
 * (incrementally) and `edge deploy` all go through `createFunctionBuilder`, so what is served
 * and tested locally is what ships.
 */
import { ToolsError } from '../errors.ts';
import type { FunctionPackage, Project } from '../project.ts';
import { buildTimeValues, esbuildDefine, resolveStageName } from './build-config.ts';
import { NodeBundle } from './node-bundle.ts';
import { buildPythonFunction } from './python-package.ts';
import type { BuiltFunction, FunctionBuilder } from './types.ts';

export type { BuildTimeValues } from './build-config.ts';
export {
  BUILD_CONFIG_GLOBAL,
  buildTimeValues,
  esbuildDefine,
  resolveStageName,
} from './build-config.ts';
export { LAMBDA_RUNTIME_VARIABLES } from './bundle-checks.ts';
export { ESBUILD_TARGET, LAMBDA_HANDLER, NODE_RUNTIME, PYTHON_RUNTIME } from './targets.ts';
export type { BuiltFunction, FunctionBuilder, ModuleSize } from './types.ts';
export { createZip, listZip } from './zip.ts';

export interface FunctionBuilderOptions {
  project: Project;
  /** Whose `define` values are baked in; see `resolveStageName` for the default. */
  stage?: string;
  /** Write `dist/<name>.zip` too. Default true. */
  zip?: boolean;
  /** Keep an esbuild context per function so `rebuild` is fast (`edge dev`). */
  incremental?: boolean;
}

const HANDLER_NAME = 'handler';

export async function createFunctionBuilder(
  opts: FunctionBuilderOptions,
): Promise<FunctionBuilder> {
  const { project, zip = true, incremental = false } = opts;
  const stageName = resolveStageName(project.config, opts.stage);
  const define = esbuildDefine(buildTimeValues(project.config, stageName));
  const functions = new Map(project.functions.map((fn) => [fn.name, fn]));
  const nodeBundles = new Map<string, NodeBundle>();
  const needsEsbuild = project.functions.some((fn) => fn.language === 'node');
  const esbuild = needsEsbuild ? await import('esbuild') : undefined;

  const buildOne = async (fn: FunctionPackage): Promise<BuiltFunction> => {
    if (fn.language === 'python') {
      return buildPythonFunction(fn, {
        root: project.root,
        zip,
        handlerName: HANDLER_NAME,
        incremental,
      });
    }
    let bundle = nodeBundles.get(fn.name);
    if (!bundle) {
      if (!esbuild) throw new Error('esbuild was not loaded for a Node.js function.');
      bundle = new NodeBundle(
        esbuild,
        fn,
        { root: project.root, define, stageName, zip, handlerName: HANDLER_NAME },
        incremental,
      );
      nodeBundles.set(fn.name, bundle);
    }
    try {
      return await bundle.build();
    } finally {
      // Without incremental builds, a bundle holds nothing worth keeping.
      if (!incremental) nodeBundles.delete(fn.name);
    }
  };

  return {
    async build() {
      const results = await Promise.allSettled(project.functions.map(buildOne));
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      if (failures.length === 0) {
        return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      }
      const unexpected = failures.find((error) => !(error instanceof ToolsError));
      if (unexpected || failures.length === 1) throw unexpected ?? failures[0];
      const userErrors = failures as ToolsError[];
      throw new ToolsError('build', userErrors.map((error) => error.message).join('\n'), {
        hint: [...new Set(userErrors.map((error) => error.hint).filter(Boolean))].join('\n  '),
      });
    },
    async rebuild(name) {
      const fn = functions.get(name);
      if (!fn) {
        throw new ToolsError('build', `There is no function "${name}".`, {
          hint: `Functions in this workspace: ${[...functions.keys()].join(', ') || 'none'}.`,
        });
      }
      return buildOne(fn);
    },
    async dispose() {
      await Promise.all([...nodeBundles.values()].map((bundle) => bundle.dispose()));
      nodeBundles.clear();
    },
  };
}

/** Builds every function once, for the commands that do not watch: build, size and deploy. */
export async function buildFunctions(
  opts: Omit<FunctionBuilderOptions, 'incremental'>,
): Promise<BuiltFunction[]> {
  const builder = await createFunctionBuilder(opts);
  try {
    return await builder.build();
  } finally {
    await builder.dispose();
  }
}
