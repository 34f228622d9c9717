#!/usr/bin/env node
// Builds the published CLI into dist/:
// - index.js and its chunks: src/ bundled with every dependency (zero runtime dependencies).
//   Each command, the prompts and execa are imported only when used, so `--help` loads none;
//   the starter catalogue that --help lists is baked in.
// - vendor/: the @edge-app/* packages exactly as `pnpm pack` makes them, each named with its
//   version and a hash of its bytes, so that a project's lockfile can never keep stale code
//   under an unchanged name.
// - template.json: templates/workspace and templates/starters as data (src/template/pack.ts).
// - template-history.json.br: every earlier version of the template, from which upgrade
//   rebuilds the merge base of a project that has none stored (scripts/template-history.mjs
//   writes it; it is committed, so a build needs no git history).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { pnpmCommand } from '../../scripts/pnpm.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..', '..');
const dist = join(here, 'dist');
const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
/** The packages a generated project installs from vendor/, in dependency order. */
const VENDORED = ['events', 'runtime', 'tools'];
/** The @edge-app/* packages' TypeScript sources, as this repository's tests run them. */
const SOURCE_CONDITIONS = ['source'];

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'vendor'), { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'create-edge-app-build-'));
try {
  const { packTemplate, starterCatalogue } = await importPacker(work);
  const startersDir = join(repo, 'templates', 'starters');

  await build({
    entryPoints: { index: join(here, 'src/index.ts') },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.12',
    conditions: SOURCE_CONDITIONS,
    chunkNames: 'chunk-[hash]',
    // Bundled CommonJS dependencies (execa's) call require(); ESM output has none of its own.
    banner: {
      js: "import { createRequire as __cea_require } from 'node:module'; const require = __cea_require(import.meta.url);",
    },
    define: {
      __CLI_VERSION__: JSON.stringify(version),
      __STARTERS__: JSON.stringify(JSON.stringify(starterCatalogue(startersDir))),
    },
    legalComments: 'none',
    logLevel: 'warning',
  });

  const packages = VENDORED.map((name) => packTarball(join(repo, 'packages', name)));
  copyFileSync(
    join(here, 'template-history', 'archive.json.br'),
    join(dist, 'template-history.json.br'),
  );
  const template = packTemplate(join(repo, 'templates', 'workspace'), startersDir, packages);
  writeFileSync(join(dist, 'template.json'), JSON.stringify(template));
  const files = Object.keys(template.workspace).length + Object.keys(template.starters).length;
  console.log(`built dist/ (template: ${files} files; ${packages.map((p) => p.path).join(', ')})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** src/template/pack.ts is TypeScript: bundled in memory, written to `work` and imported. */
async function importPacker(work) {
  const packer = await build({
    entryPoints: [join(here, 'src/template/pack.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    conditions: SOURCE_CONDITIONS,
    logLevel: 'warning',
  });
  const moduleFile = join(work, 'pack.mjs');
  writeFileSync(moduleFile, packer.outputFiles[0].text);
  return import(pathToFileURL(moduleFile).href);
}

/** `pnpm pack` of one package (built already), into dist/vendor/ under a content-hashed name. */
function packTarball(dir) {
  const { name, version: packageVersion } = JSON.parse(
    readFileSync(join(dir, 'package.json'), 'utf8'),
  );
  const out = mkdtempSync(join(tmpdir(), 'create-edge-app-pack-'));
  try {
    execFileSync(...pnpmCommand(['pack', '--pack-destination', out]), { cwd: dir, stdio: 'pipe' });
    const [tarball] = readdirSync(out).filter((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${name}`);
    const bytes = readFileSync(join(out, tarball));
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
    const path = `vendor/${tarball.replace(/\.tgz$/, '')}-${hash}.tgz`;
    writeFileSync(join(dist, path), bytes);
    return { name, version: packageVersion, path };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
