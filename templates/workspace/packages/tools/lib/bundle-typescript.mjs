// Node 20 cannot import TypeScript, yet the `edge` command (bin/edge.mjs), edge.config.ts
// (src/project.ts) and `pnpm gen` (plopfile.mjs, scaffold code) are all TypeScript. Each is
// bundled with esbuild into one ES module first, in the same way: the workspace's own
// @edge-app/* packages are inlined from source (they export .ts), every other bare import
// (node: built-ins, third-party packages) stays external and resolves from node_modules when
// the bundle runs. Plain JavaScript, so the two .mjs entry points can import it directly.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * esbuild from the tools package's own dependencies, with the fix when it is missing. Resolved
 * the CommonJS way, which also honours NODE_PATH (set by pnpm's bin shims, e.g. for plop).
 */
async function loadEsbuild() {
  let path;
  try {
    path = createRequire(import.meta.url).resolve('esbuild');
  } catch {
    throw new Error('esbuild is not installed in packages/tools; run `pnpm install` first.');
  }
  const esbuild = await import(pathToFileURL(path).href);
  return esbuild.build ? esbuild : esbuild.default;
}

/** @type {import('esbuild').Plugin} */
const inlineWorkspacePackages = {
  name: 'inline-workspace-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@edge-app/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Bundles `entryPoint` and returns the module's code. `outfile` is where the caller will write
 * it (relative imports and source map paths are computed from there); nothing is written here.
 */
export async function bundleTypeScript(entryPoint, options = {}) {
  const { build } = await loadEsbuild();
  const result = await build({
    entryPoints: [entryPoint],
    outfile: options.outfile,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: options.sourcemap ? 'inline' : false,
    logLevel: options.logLevel ?? 'silent',
    plugins: [inlineWorkspacePackages],
  });
  const output = result.outputFiles?.[0];
  if (!output) throw new Error(`esbuild produced no output for ${entryPoint}`);
  return output.text;
}
