/**
 * The shared packages as a generated project gets them (src/template/vendor.ts): prebuilt npm
 * tarballs. Built here from the repository's sources, twice, since `.edge-app.json` hashes
 * every file and `upgrade` compares those hashes: a build that differs from run to run would
 * make every tarball look changed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStarterSource } from '../../../templates/workspace/packages/tools/src/scaffold/starter-source.ts';
import { REPO_TEMPLATE_DIR } from '../src/template/load.ts';
import { STARTERS_DIR } from '../src/template/pack.ts';
import { buildVendoredPackages, type VendoredPackage } from '../src/template/vendor.ts';
import { extractTarball, tarballEntries } from './helpers/tarball.ts';

let first: VendoredPackage[];
let second: VendoredPackage[];

beforeAll(async () => {
  first = await buildVendoredPackages(REPO_TEMPLATE_DIR);
  second = await buildVendoredPackages(REPO_TEMPLATE_DIR);
}, 120_000);

interface PublishedManifest {
  name: string;
  version: string;
  type?: string;
  bin?: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  dependencies?: Record<string, string>;
}

describe('buildVendoredPackages', () => {
  it('builds @edge-app/events, runtime and tools as vendor/<name>-<version>.tgz', () => {
    expect(first.map(({ name, version, path }) => ({ name, version, path }))).toEqual(
      ['events', 'runtime', 'tools'].map((name) => {
        const manifest = JSON.parse(
          readFileSync(join(REPO_TEMPLATE_DIR, 'packages', name, 'package.json'), 'utf8'),
        );
        return {
          name: `@edge-app/${name}`,
          version: manifest.version,
          path: `vendor/edge-app-${name}-${manifest.version}.tgz`,
        };
      }),
    );
  });

  it('gives byte-identical tarballs on every build', () => {
    expect(second.map((pkg) => pkg.path)).toEqual(first.map((pkg) => pkg.path));
    for (const [index, pkg] of first.entries()) {
      expect(second[index]!.bytes.equals(pkg.bytes), pkg.path).toBe(true);
    }
  });

  it('makes packages another tar reads, whose exports, bin and dependencies resolve', () => {
    const versions = new Map(first.map((pkg) => [pkg.name, pkg.version]));
    for (const pkg of first) {
      const entries = tarballEntries(pkg.bytes);
      expect(entries, pkg.path).toContain('package/package.json');
      expect(
        entries.every((entry) => entry.startsWith('package/')),
        pkg.path,
      ).toBe(true);
      // No TypeScript sources or tests: built JavaScript and declarations.
      expect(
        entries.filter((entry) => /(?<!\.d)\.ts$|\/test\//.test(entry)),
        pkg.path,
      ).toEqual([]);

      const dir = extractTarball(pkg.bytes);
      const manifest = JSON.parse(
        readFileSync(join(dir, 'package.json'), 'utf8'),
      ) as PublishedManifest;
      expect(manifest).toMatchObject({ name: pkg.name, version: pkg.version, type: 'module' });
      const targets = Object.values(manifest.exports).flatMap((target) =>
        typeof target === 'string' ? [target] : [target.types, target.default],
      );
      expect(targets.length, pkg.path).toBeGreaterThan(0);
      for (const target of targets) {
        expect(existsSync(join(dir, target)), `${pkg.name}: ${target}`).toBe(true);
      }
      for (const bin of Object.values(manifest.bin ?? {})) {
        expect(statSync(join(dir, bin)).mode & 0o111, `${pkg.name}: ${bin}`).not.toBe(0);
      }
      // The shared packages name each other by the vendored version, for the overrides.
      for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
        if (versions.has(name)) expect(range, `${pkg.name} → ${name}`).toBe(versions.get(name));
      }
    }
  });

  it('puts the starters into the tools package as starters.json, for pnpm gen trigger', () => {
    const tools = first.find((pkg) => pkg.name === '@edge-app/tools')!;
    const dir = extractTarball(tools.bytes);
    expect(existsSync(join(dir, 'starters'))).toBe(false);
    const packed = openStarterSource(dir);
    const repository = openStarterSource(join(REPO_TEMPLATE_DIR, STARTERS_DIR, '..'));
    expect(packed.list()).toEqual(repository.list());
    const { eventType, starter } = repository.list()[0]!;
    const files = packed.files(eventType, starter, 'ts').files;
    expect([...files.keys()]).toContain('src/index.ts');
  });
});
