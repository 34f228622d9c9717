#!/usr/bin/env node
// Builds the published CLI: src/index.ts → dist/index.js with every dependency bundled (zero
// runtime dependencies), split so that --help and --version load only the entry chunk, plus
// the template: dist/template.json (templates/workspace packed as path → content) and
// dist/vendor/, the shared @edge-app/* packages prebuilt as tarballs.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

// The packer is TypeScript; bundle it in memory and run it (Node 20 cannot import .ts). Its
// bundle keeps esbuild external: vendor.ts bundles the shared packages with it.
const packer = await build({
  stdin: {
    contents: [
      "export { packTemplate } from './src/template/pack.ts';",
      "export { writeTemplateDir } from './src/template/store.ts';",
      "export { buildVendoredPackages } from './src/template/vendor.ts';",
    ].join('\n'),
    resolveDir: here,
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  external: ['esbuild'],
  logLevel: 'warning',
});
const source = packer.outputFiles[0].text;
const moduleFile = join(here, 'node_modules', '.cache', `build-packer-${process.pid}.mjs`);
mkdirSync(dirname(moduleFile), { recursive: true });
writeFileSync(moduleFile, source); // a file, not a data: URL, so that `esbuild` resolves
const { packTemplate, writeTemplateDir, buildVendoredPackages } = await import(
  pathToFileURL(moduleFile).href
);
rmSync(moduleFile);
const templateRoot = join(here, '../../templates/workspace');
const vendored = await buildVendoredPackages(templateRoot);
const template = packTemplate(templateRoot, vendored);
writeTemplateDir(dist, template);
const sizes = vendored.map((pkg) => `${pkg.path} ${(pkg.bytes.length / 1024).toFixed(1)} KiB`);
console.log(
  `built dist/ (template: ${Object.keys(template.files).length} files; ${sizes.join(', ')})`,
);
