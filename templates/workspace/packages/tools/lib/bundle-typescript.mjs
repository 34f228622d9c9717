// Node 20 cannot import TypeScript, yet the `edge` command (bin/edge.mjs), edge.config.ts
// (src/project.ts) and `pnpm gen` (plopfile.mjs, scaffold code) are all TypeScript. Each is
// bundled with esbuild into one ES module first, in the same way: the workspace's own
// @edge-app/* packages are inlined from source (they export .ts), every other bare import
// (node: built-ins, third-party packages) stays external and resolves from node_modules when
// the bundle runs. Plain JavaScript, so the two .mjs entry points can import it directly.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const toolsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = dirname(toolsDir);

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

/**
 * A hash of the path and modification time of every source a bundle of the tools may inline:
 * the src/ of each workspace package, and this lib/ (src/project.ts imports it). Walking them
 * costs a few milliseconds; starting esbuild to find out whether anything changed costs ~150.
 */
function sourceStamp() {
  const hash = createHash('sha1');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'test' || entry.name === 'starters')
        continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mjs)$/.test(entry.name)) hash.update(`${path}:${statSync(path).mtimeMs}`);
    }
  };
  const sources = ['events', 'runtime', 'tools'].map((name) => join(packagesDir, name, 'src'));
  for (const dir of [...sources, join(toolsDir, 'lib')]) if (existsSync(dir)) walk(dir);
  return hash.digest('hex').slice(0, 12);
}

/**
 * The path of `entryPoint` bundled into packages/tools/node_modules/.cache/edge/, as
 * `<name>-<stamp>.mjs`: bundled only when no file for the current sources is there yet, so an
 * unchanged tree never starts esbuild.
 */
export async function cachedBundle(entryPoint, name, options = {}) {
  const file = join(toolsDir, 'node_modules', '.cache', 'edge', `${name}-${sourceStamp()}.mjs`);
  if (!existsSync(file)) {
    const code = await bundleTypeScript(entryPoint, { ...options, outfile: file });
    mkdirSync(dirname(file), { recursive: true });
    // Written aside and renamed, so a second run starting meanwhile never imports half a file.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  return file;
}
