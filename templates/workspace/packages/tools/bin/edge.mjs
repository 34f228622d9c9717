#!/usr/bin/env node
// The `edge` command of a generated workspace. Its source is TypeScript (src/cli.ts); Node 20
// cannot run that, so this shim bundles it with esbuild (already a dependency, ~50 ms) into a
// cache keyed by the sources' modification times, then runs it (lib/bundle-typescript.mjs says
// what is inlined and what stays external).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cachedBundle } from '../lib/bundle-typescript.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outfile = await cachedBundle(join(here, '..', 'src', 'cli.ts'), 'cli', {
  sourcemap: true,
  logLevel: 'error',
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2));
