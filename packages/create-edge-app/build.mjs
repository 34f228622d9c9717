#!/usr/bin/env node
// Builds the published CLI: src/index.ts → dist/index.js with every dependency bundled (zero
// runtime dependencies), split so that --help and --version load only the entry chunk, plus
// dist/template.json: templates/workspace packed as path → content.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: { index: join(here, 'src/index.ts') },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.12',
  // Chunks sit beside template.json, which the create chunk finds next to itself.
  chunkNames: '[name]-[hash]',
  define: { __CLI_VERSION__: JSON.stringify(version) },
  // Bundled CommonJS (cross-spawn, under execa) calls require() for Node built-ins.
  banner: {
    js: "import { createRequire as __cea_createRequire } from 'node:module'; const require = __cea_createRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});

// The packer is TypeScript; bundle it in memory and run it (Node 20 cannot import .ts).
const packer = await build({
  entryPoints: [join(here, 'src/template/pack.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const source = packer.outputFiles[0].text;
const { packTemplate } = await import(
  `data:text/javascript;base64,${Buffer.from(source).toString('base64')}`
);
const template = packTemplate(join(here, '../../templates/workspace'));
writeFileSync(join(dist, 'template.json'), JSON.stringify(template));
console.log(`built dist/ (template: ${Object.keys(template.files).length} files)`);
