#!/usr/bin/env node
// The `edge` command of a generated workspace. Its source is TypeScript (src/cli.ts); Node 20
// cannot run that, so this shim bundles it with esbuild (already a dependency, ~50 ms) into a
// cache keyed by the sources' modification times, then runs it (lib/bundle-typescript.mjs says
// what is inlined and what stays external).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleTypeScript } from '../lib/bundle-typescript.mjs';

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
      else if (/\.(ts|mjs)$/.test(entry.name)) hash.update(`${path}:${statSync(path).mtimeMs}`);
    }
  };
  const sources = ['events', 'runtime', 'tools'].map((name) => join(packagesDir, name, 'src'));
  // lib/ is bundled in too (src/project.ts imports it).
  for (const dir of [...sources, join(here, '..', 'lib')]) if (existsSync(dir)) walk(dir);
  return hash.digest('hex').slice(0, 12);
}

const outfile = join(here, '..', 'node_modules', '.cache', 'edge', `cli-${sourceStamp()}.mjs`);
if (!existsSync(outfile)) {
  const code = await bundleTypeScript(join(here, '..', 'src', 'cli.ts'), {
    outfile,
    sourcemap: true,
    logLevel: 'error',
  });
  mkdirSync(dirname(outfile), { recursive: true });
  // Written aside and renamed, so a second `edge` starting meanwhile never imports half a file.
  const partial = `${outfile}.${process.pid}`;
  writeFileSync(partial, code);
  renameSync(partial, outfile);
}
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2));
