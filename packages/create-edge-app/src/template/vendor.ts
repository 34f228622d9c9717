/**
 * Build time only (build.mjs): the template's shared packages (@edge-app/events, runtime and
 * tools) made into prebuilt npm package tarballs that a generated project keeps in `vendor/`
 * and installs through pnpm overrides, as it would install them from the registry once they
 * are published.
 *
 * Why not their sources, as this repository has them: they were 142 of the 164 files a
 * project was generated with, and creating files was most of the scaffold time (bench/README.md,
 * cli section); an owner's repository also carried 142 files of ours to merge on every
 * upgrade. A tarball is one file, is replaced whole by `upgrade`, and ships JavaScript and
 * declarations, so the `edge` command and `pnpm gen` no longer bundle TypeScript on first run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import { packStarterDirectory } from '../../../../templates/workspace/packages/tools/src/scaffold/starter-source.ts';
import { VENDOR_DIR } from './store.ts';
import { packageTarball, type TarEntry } from './tar.ts';

export interface VendoredPackage {
  name: string;
  version: string;
  /** Where a generated project keeps it: `vendor/<name>-<version>.tgz`. */
  path: string;
  bytes: Buffer;
}

interface SharedPackage {
  /** Under the template's packages/. */
  dir: 'events' | 'runtime' | 'tools';
  /** esbuild entry points: output name (in dist/) → source. */
  entries: Record<string, string>;
  /** Files copied as they are: source → path in the package. */
  assets?: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  bin?: Record<string, string>;
}

const typed = (name: string, types: string) => ({
  types: `./types/${types}.d.ts`,
  default: `./dist/${name}.js`,
});

const SHARED: readonly SharedPackage[] = [
  { dir: 'events', entries: { index: 'src/index.ts' }, exports: { '.': typed('index', 'index') } },
  {
    dir: 'runtime',
    entries: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    // Loaded by path (src/invoke/assets.ts looks beside the running module first).
    assets: {
      'src/invoke/worker.mjs': 'dist/worker.mjs',
      'src/invoke/python_bootstrap.py': 'dist/python_bootstrap.py',
    },
    exports: {
      '.': typed('index', 'index'),
      './testing': typed('testing', 'testing/index'),
      './invoke/worker.mjs': './dist/worker.mjs',
      './invoke/python_bootstrap.py': './dist/python_bootstrap.py',
    },
  },
  {
    dir: 'tools',
    entries: {
      cli: 'src/cli.ts',
      index: 'src/index.ts',
      scaffold: 'src/scaffold/add-function.ts',
      'vitest-setup': 'src/build/vitest-setup.ts',
    },
    exports: {
      '.': typed('index', 'index'),
      './scaffold': './dist/scaffold.js',
      './vitest-setup': './dist/vitest-setup.js',
    },
    bin: { edge: './bin/edge.mjs' },
  },
];

/** The `edge` bin of the prebuilt tools package (this repository's bundles the sources). */
const EDGE_BIN = `#!/usr/bin/env node
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
`;

export async function buildVendoredPackages(templateRoot: string): Promise<VendoredPackage[]> {
  const packagesDir = join(templateRoot, 'packages');
  const versions = new Map<string, string>();
  for (const spec of SHARED) {
    const manifest = readManifest(join(packagesDir, spec.dir));
    versions.set(manifest.name, manifest.version);
  }
  const work = mkdtempSync(join(tmpdir(), 'create-edge-app-vendor-'));
  try {
    const declarations = emitDeclarations(templateRoot, work);
    const built: VendoredPackage[] = [];
    for (const spec of SHARED) {
      const dir = join(packagesDir, spec.dir);
      const manifest = readManifest(dir);
      const files: TarEntry[] = [
        ...(await bundle(dir, spec.entries)),
        ...filesUnder(join(declarations, spec.dir, 'src'), 'types'),
      ];
      for (const [source, path] of Object.entries(spec.assets ?? {})) {
        files.push({ path, bytes: readFileSync(join(dir, source)) });
      }
      if (existsSync(join(dir, 'README.md'))) {
        files.push({ path: 'README.md', bytes: readFileSync(join(dir, 'README.md')) });
      }
      if (spec.dir === 'tools') {
        files.push({ path: 'bin/edge.mjs', bytes: Buffer.from(EDGE_BIN), executable: true });
        files.push({
          path: 'starters.json',
          bytes: Buffer.from(packStarterDirectory(join(dir, 'starters'))),
        });
      }
      files.push({ path: 'package.json', bytes: publishedManifest(manifest, spec, versions) });
      const fileName = `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`;
      built.push({
        name: manifest.name,
        version: manifest.version,
        path: `${VENDOR_DIR}/${fileName}`,
        bytes: packageTarball(files),
      });
    }
    return built;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface Manifest {
  name: string;
  version: string;
  description?: string;
  dependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The package.json a published package would have: built files, no workspace-only fields. */
function publishedManifest(
  manifest: Manifest,
  spec: SharedPackage,
  versions: ReadonlyMap<string, string>,
): Buffer {
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    const version = versions.get(name);
    if (version !== undefined && range !== version) {
      throw new Error(
        `${manifest.name} depends on ${name}@${range}, but the vendored ${name} is ${version}.`,
      );
    }
  }
  const published = {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    license: 'MIT',
    type: 'module',
    ...(spec.bin ? { bin: spec.bin } : {}),
    exports: spec.exports,
    ...(manifest.dependencies ? { dependencies: manifest.dependencies } : {}),
  };
  return Buffer.from(`${JSON.stringify(published, null, 2)}\n`);
}

/** One ES module per entry (shared code in chunks); every bare import stays a dependency. */
async function bundle(dir: string, entries: Record<string, string>): Promise<TarEntry[]> {
  const outdir = join(dir, 'dist');
  const result = await build({
    absWorkingDir: dir,
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([name, source]) => [name, join(dir, source)]),
    ),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // The tools run on the owner's Node.js (20.12 or newer), not on Lambda's.
    target: 'node20.12',
    packages: 'external',
    chunkNames: 'chunk-[hash]',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles.map((file) => ({
    path: `dist/${toPosix(relative(outdir, file.path))}`,
    bytes: Buffer.from(file.contents),
  }));
}

/** The packages' declarations, by TypeScript itself; returns where it wrote them. */
function emitDeclarations(templateRoot: string, work: string): string {
  const outDir = join(work, 'types');
  const entries = SHARED.flatMap((spec) =>
    Object.entries(spec.exports)
      .filter(([, target]) => typeof target !== 'string')
      .map(([, target]) =>
        join(
          templateRoot,
          'packages',
          spec.dir,
          'src',
          (target as { types: string }).types.replace('./types/', '').replace('.d.ts', '.ts'),
        ),
      ),
  );
  const config = join(work, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(templateRoot, 'tsconfig.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        outDir,
        rootDir: join(templateRoot, 'packages'),
        typeRoots: [join(templateRoot, 'node_modules', '@types')],
      },
      include: [],
      files: entries,
    }),
  );
  const tsc = createRequire(join(templateRoot, 'package.json')).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', config], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`Declarations for the vendored packages failed:\n${run.stdout}${run.stderr}`);
  }
  return outDir;
}

function filesUnder(dir: string, prefix: string): TarEntry[] {
  const files: TarEntry[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.push({ path: `${prefix}/${toPosix(relative(dir, path))}`, bytes: readFileSync(path) });
  }
  return files;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
