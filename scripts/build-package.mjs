// The build every @edge-app/* package runs (its `build.mjs` names the entries): esbuild
// bundles each entry into dist/ as an ES module, shared code in chunks and every package
// import left to node_modules, and TypeScript emits the declarations into dist/types/. What
// `pnpm pack` then ships is dist/ (and bin/), as each package.json's `files` says.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

/**
 * @param {string} dir the package directory
 * @param {{ entries: Record<string, string>, copy?: Record<string, string>,
 *   skip?: RegExp }} options entries: output name (dist/<name>.js) → source; copy: source →
 *   path under dist/, files or directories copied as they are, but for the paths (relative
 *   to the copied directory, with forward slashes) that `skip` matches
 */
export async function buildPackage(dir, { entries, copy = {}, skip }) {
  const dist = join(dir, 'dist');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  await build({
    absWorkingDir: dir,
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([name, source]) => [name, join(dir, source)]),
    ),
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // The tools run on the owner's Node.js (20.12 or newer); handlers are bundled for Lambda's.
    target: 'node20.12',
    packages: 'external',
    chunkNames: 'chunk-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const [source, target] of Object.entries(copy)) {
    const from = join(dir, source);
    const filter = (path) => !skip?.test(relative(from, path).replaceAll('\\', '/'));
    cpSync(from, join(dist, target), { recursive: true, filter });
  }
  emitDeclarations(dir);
}

/** tsconfig.build.json: declarations only, dependencies' types read from their dist/. */
function emitDeclarations(dir) {
  const tsc = createRequire(join(dir, 'package.json')).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.build.json')], {
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`Declarations of ${dir} failed:\n${run.stdout}${run.stderr}`);
  }
}
