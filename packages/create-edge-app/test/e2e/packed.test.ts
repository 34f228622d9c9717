/**
 * The package as npm would publish it: `npm pack`, installed alone into an empty directory
 * outside the repository (zero runtime dependencies, so nothing else comes along), then run
 * through its bin to create a project, dotfiles and the vendored tarballs included.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';
import { assertBuilt, PACKAGE_DIR, runCli } from './helpers/cli.ts';

beforeAll(assertBuilt);

const VENDORED = /^dist\/vendor\/edge-app-(events|runtime|tools)-\d+\.\d+\.\d+-[0-9a-f]{10}\.tgz$/;

describe('the packed package', () => {
  it('installs alone with npm and creates a project', async () => {
    const work = tempDir('cea-pack-');
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
