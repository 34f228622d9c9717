#!/usr/bin/env node
// Builds the published CLI: src/ → dist/*.cjs with every dependency bundled (zero runtime
// dependencies), plus the template: dist/template.json (templates/workspace packed as path →
// content) and dist/vendor/, the shared @edge-app/* packages prebuilt as tarballs.
//
// CommonJS, one file per command, loaded with require() when needed: `--help` and `--version`
// load only index.cjs; a scaffold adds create.cjs; clack and execa load only when prompting or
// installing. Not ESM because Node 20 starts its ESM loader for an ESM entry and resolves each
// import asynchronously: an empty .mjs main took ~4-5 ms longer than an empty .cjs one, and
// the ESM build's scaffold (bin, entry, command and five shared chunks) took 7 ms more than
// this one, measured side by side (bench/README.md, cli section).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// Output file (dist/<name>.cjs) → what it bundles. A module that is another file's entry is
// never bundled twice: importing it from anywhere else becomes require('./<name>.cjs'). That
// keeps one copy of each class (errors.ts: `instanceof CliUserError` in index.ts must match
// errors thrown by create.cjs) and makes each dynamic import() a lazy require().
const BUNDLES = {
  index: join(here, 'src/index.ts'),
  errors: join(here, 'src/errors.ts'),
  create: join(here, 'src/create.ts'),
  prompts: join(here, 'src/answers/prompts.ts'),
  'upgrade-args': join(here, 'src/upgrade/args.ts'),
  upgrade: join(here, 'src/upgrade/command.ts'),
  execa: 'npm:execa',
  clack: 'npm:@clack/prompts',
};
const PACKAGE_ENTRY = /^npm:/;
const outputOf = new Map(
  Object.entries(BUNDLES).map(([name, source]) => [source, `./${name}.cjs`]),
);

/** Imports of another bundle's module become requires of that bundle's file. */
const bundleBoundaries = {
  name: 'bundle-boundaries',
  setup(builder) {
    // The npm packages' entries: a module that re-exports the package.
    builder.onResolve({ filter: PACKAGE_ENTRY }, (args) => ({ path: args.path, namespace: 'npm' }));
    builder.onLoad({ filter: /.*/, namespace: 'npm' }, (args) => ({
      contents: `export * from '${args.path.replace(PACKAGE_ENTRY, '')}';`,
      resolveDir: here,
    }));
    builder.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point' || args.namespace === 'npm') return undefined;
      const source = args.path.startsWith('.')
        ? resolve(args.resolveDir, args.path)
        : `npm:${args.path}`;
      const output = outputOf.get(source);
      return output ? { path: output, external: true } : undefined;
    });
  },
};

const cli = await build({
  entryPoints: BUNDLES,
  metafile: true,
  outdir: dist,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.12',
  // import() → Promise.resolve().then(() => require(...)): a CommonJS file loaded through
  // import() goes through the ESM loader and cjs-module-lexer, which cost 20 ms a scaffold.
  supported: { 'dynamic-import': false },
  define: {
    __CLI_VERSION__: JSON.stringify(version),
    'import.meta.url': '__cea_import_meta_url',
  },
  banner: {
    js: 'var __cea_import_meta_url = require("node:url").pathToFileURL(__filename).href;',
  },
  plugins: [bundleBoundaries],
  legalComments: 'none',
  logLevel: 'warning',
});

// The boundaries above match import paths as written: an entry's module reached some other way
// (another spelling, a symlink) would be bundled twice, and a second CliUserError class breaks
// `instanceof` in index.ts. Fail the build rather than ship that.
for (const source of Object.values(BUNDLES)) {
  if (PACKAGE_ENTRY.test(source)) continue;
  const input = relative(process.cwd(), source).split(sep).join('/');
  const holders = Object.entries(cli.metafile.outputs).filter(
    ([, output]) => input in output.inputs,
  );
  if (holders.length !== 1) {
    throw new Error(
      `${input} is bundled into ${holders.map(([file]) => file).join(', ') || 'nothing'}; it must be in exactly one output.`,
    );
  }
}

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
