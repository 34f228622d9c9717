/**
 * The package as npm would publish it: `npm pack`, installed alone into an empty directory
 * outside the repository (zero runtime dependencies, so nothing else comes along), then run
 * through its bin to create a project, dotfiles and the vendored tarballs included; run
 * through `npm exec --package=<tarball>` on a machine without pnpm; and packed from a clean
 * copy of the repository, where dist/ does not exist yet.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { pnpmCommand } from '../../src/steps/install.ts';
import { tempDir } from '../helpers/temp.ts';
import { assertBuilt, GIT_IDENTITY, PACKAGE_DIR, runCli } from './helpers/cli.ts';

beforeAll(assertBuilt);

const VENDORED = /^dist\/vendor\/edge-app-(events|runtime|tools)-\d+\.\d+\.\d+-[0-9a-f]{10}\.tgz$/;

describe('the packed package', () => {
  it('installs alone with npm and creates a project', async () => {
    const work = tempDir('cea-pack-');
    // dist/ is built (the prepack script leaves it as it is).
    const packed = await execa('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: PACKAGE_DIR,
    });
    const [info] = JSON.parse(packed.stdout) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const paths = info!.files.map((f) => f.path).sort();
    expect(paths).toContain('bin/create-edge-app.js');
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/template.json');
    // The @edge-app/* tarballs, stored beside the template.
    const vendored = paths.filter((p) => p.startsWith('dist/vendor/'));
    expect(vendored).toHaveLength(3);
    for (const path of vendored) expect(path).toMatch(VENDORED);
    expect(paths.filter((p) => !/^(bin|dist)\/|^package\.json$|^README\.md$/.test(p))).toEqual([]);

    const consumer = join(work, 'consumer');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n');
    await execa('npm', ['install', '--no-audit', '--no-fund', join(work, info!.filename)], {
      cwd: consumer,
    });
    // Zero runtime dependencies: the package is the only thing installed.
    expect(readdirSync(join(consumer, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual([
      'create-edge-app',
    ]);
    const manifest = JSON.parse(
      readFileSync(join(consumer, 'node_modules', 'create-edge-app', 'package.json'), 'utf8'),
    );
    expect(manifest.dependencies ?? {}).toEqual({});

    const bin = join(consumer, 'node_modules', '.bin', 'create-edge-app');
    const version = await execa(bin, ['--version'], { cwd: consumer });
    expect(version.stdout.trim()).toBe(manifest.version);

    const created = await runCli(['from-tarball', '--yes', '--no-install', '--no-git'], {
      cwd: consumer,
      bin,
    });
    expect(created.exitCode, created.stderr).toBe(0);
    const project = join(consumer, 'from-tarball');
    for (const file of ['.gitignore', '.edge-app.json', 'pnpm-workspace.yaml', 'edge.config.ts']) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
    expect(readdirSync(join(project, 'packages')).sort()).toEqual([
      'origin-request',
      'origin-response',
      'viewer-request',
      'viewer-response',
    ]);
    // Read out of the installed package, byte for byte.
    const vendor = readdirSync(join(project, 'vendor')).map((file) => `vendor/${file}`);
    expect(vendor.map((path) => `dist/${path}`)).toEqual(vendored);
    for (const path of vendor) {
      const installed = join(consumer, 'node_modules', 'create-edge-app', 'dist', path);
      expect(readFileSync(join(project, path)).equals(readFileSync(installed)), path).toBe(true);
    }
  });
});

/** The packed CLI, once for the tests below. */
async function packCli(): Promise<string> {
  const work = tempDir('cea-pack-');
  const packed = await execa('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: PACKAGE_DIR,
  });
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
  return join(work, info!.filename);
}

/**
 * A PATH with node, npm, npx, git and sh only: no pnpm, whatever this machine has. The
 * commands are linked by their real paths (npm's scripts find their own modules from there).
 */
function pathWithoutPnpm(): string {
  const bin = tempDir('cea-bin-');
  for (const command of ['node', 'npm', 'npx', 'git', 'sh']) {
    const found = (process.env.PATH ?? '')
      .split(delimiter)
      .map((dir) => join(dir, command))
      .find((file) => existsSync(file));
    if (!found) throw new Error(`${command} is not on PATH`);
    symlinkSync(realpathSync(found), join(bin, command));
  }
  return bin;
}

describe('npm exec --package=<tarball> without pnpm on PATH', () => {
  it('installs through npx pnpm (not the outer package) and creates the git repository', async () => {
    const tarball = await packCli();
    const cwd = tempDir();
    const run = await execa(
      'npm',
      ['exec', '--yes', `--package=${tarball}`, '--', 'create-edge-app', 'via-npm-exec', '--yes'],
      {
        cwd,
        reject: false,
        timeout: 280_000,
        env: { ...GIT_IDENTITY, PATH: pathWithoutPnpm() },
        extendEnv: true,
        all: true,
      },
    );
    expect(run.all).not.toContain('not found');
    expect(run.exitCode, run.all).toBe(0);
    const project = join(cwd, 'via-npm-exec');
    expect(existsSync(join(project, 'node_modules', '.pnpm'))).toBe(true);
    expect(existsSync(join(project, 'pnpm-lock.yaml'))).toBe(true);
    const log = await execa('git', ['log', '--format=%s'], { cwd: project });
    expect(log.stdout).toBe('Initial commit from create-edge-app');
  });
});

describe('packing from a clean copy of the repository', () => {
  it('builds dist/ in prepack, offline from the installed devDependencies', async () => {
    const repository = join(PACKAGE_DIR, '..', '..');
    const copy = join(tempDir('cea-clone-'), 'repository');
    // What a clone has: the tracked files (and new ones not ignored), no dist/ anywhere.
    const listed = await execa(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      { cwd: repository },
    );
    for (const file of listed.stdout.split('\0').filter(Boolean)) {
      if (!existsSync(join(repository, file))) continue; // deleted in the working tree
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      copyFileSync(join(repository, file), join(copy, file));
    }
    expect(existsSync(join(copy, 'packages', 'create-edge-app', 'dist'))).toBe(false);
    const pnpm = pnpmCommand();
    const install = await execa(
      pnpm.file,
      [...pnpm.prefix, 'install', '--offline', '--frozen-lockfile'],
      { cwd: copy, reject: false, all: true, timeout: 240_000 },
    );
    expect(install.exitCode, install.all).toBe(0);

    const out = tempDir('cea-pack-');
    const packed = await execa('npm', ['pack', '--json', '--pack-destination', out], {
      cwd: join(copy, 'packages', 'create-edge-app'),
      timeout: 280_000,
    });
    const [info] = JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>;
    const paths = info!.files.map((f) => f.path);
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/template.json');
    expect(paths.filter((p) => VENDORED.test(p))).toHaveLength(3);
  });
});
