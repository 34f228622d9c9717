#!/usr/bin/env node
// The `edge` command of a generated workspace. Its source is TypeScript (src/cli.ts); Node 20
// cannot run that, so this shim bundles it with esbuild (already a dependency, ~50 ms) into a
// cache keyed by the sources' modification times, then runs it. Third-party packages stay
// external; the workspace's own @edge-app/* packages are bundled in from source.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const packagesDir = resolve(here, '../..');

function sourceStamp() {
  const hash = createHash('sha1');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'test' || entry.name === 'starters')
        continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) hash.update(`${path}:${statSync(path).mtimeMs}`);
    }
  };
  for (const name of ['events', 'runtime', 'tools']) {
    const src = join(packagesDir, name, 'src');
    if (existsSync(src)) walk(src);
  }
  return hash.digest('hex').slice(0, 12);
}

const outfile = join(here, '..', 'node_modules', '.cache', 'edge', `cli-${sourceStamp()}.mjs`);
if (!existsSync(outfile)) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(here, '..', 'src', 'cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'error',
    plugins: [
      {
        name: 'external-dependencies',
        setup(b) {
          // Bare imports other than our own workspace packages resolve from node_modules.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@edge-app/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
}
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2));
