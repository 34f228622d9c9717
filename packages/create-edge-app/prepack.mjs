#!/usr/bin/env node
// `npm pack` / `pnpm pack` of the CLI runs this first. The package ships dist/ (bin/ only loads
// it), and dist/ is not in git: from a clean clone it is missing, and would be missing from the
// package. So when it is missing, it is built here, offline, from the installed
// devDependencies: first each @edge-app/* package it vendors (their own build.mjs), then the
// CLI (build.mjs). A dist/ that is there is packed as it is; `pnpm build` rebuilds it.
// Everything printed goes to stderr: `npm pack --json` prints its JSON on stdout.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const packages = join(here, '..');
/** The packages build.mjs packs into dist/vendor/, in dependency order. */
const VENDORED = ['events', 'runtime', 'tools'];

const built = (dir) => existsSync(join(dir, 'dist', 'index.js'));

if (!built(here) || !existsSync(join(here, 'dist', 'template.json'))) {
  for (const dir of [...VENDORED.map((name) => join(packages, name)), here]) {
    if (dir !== here && built(dir)) continue;
    process.stderr.write(`prepack: building ${dir}\n`);
    execFileSync(process.execPath, ['build.mjs'], { cwd: dir, stdio: ['ignore', 2, 2] });
  }
}
