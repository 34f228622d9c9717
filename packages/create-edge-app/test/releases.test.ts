/**
 * Versions go up when shipped content changes: every package is packed as `pnpm pack` makes
 * it and compared with the tarball recorded for its version in releases/manifest.json (see
 * releases/README.md). Needs `pnpm build` (`pnpm test` runs it first).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packShipped, readReleases } from '../../../scripts/release.mjs';

const packagesDir = join(import.meta.dirname, '..', '..');
const releases = readReleases();

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((version) => version.split('.').map(Number));
  for (let i = 0; i < 3; i++) {
    const difference = (x?.[i] ?? 0) - (y?.[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function changelogOf(name: string): string {
  const dir = name === 'create-edge-app' ? name : name.replace('@edge-app/', '');
  return readFileSync(join(packagesDir, dir, 'CHANGELOG.md'), 'utf8');
}

function manifestOf(dir: string): {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
} {
  return JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8'));
}

describe('versions the shipped packages name each other by', () => {
  it('are the packages’ own versions, so pnpm links the workspace copies', () => {
    const dirs = ['create-edge-app', 'events', 'runtime', 'tools'];
    const versions = new Map(dirs.map((dir) => [manifestOf(dir).name, manifestOf(dir).version]));
    for (const dir of dirs) {
      const manifest = manifestOf(dir);
      for (const [name, range] of Object.entries({
        ...manifest.dependencies,
        ...manifest.devDependencies,
      })) {
        if (versions.has(name))
          expect(range, `${manifest.name} → ${name}`).toBe(versions.get(name));
      }
    }
  });
});

describe('releases', { timeout: 60_000 }, () => {
  const packed = packShipped();

  it('packs every shipped package', () => {
    expect(packed.map((pkg) => pkg.name)).toEqual([
      'create-edge-app',
      '@edge-app/events',
      '@edge-app/runtime',
      '@edge-app/tools',
    ]);
  });

  it.each(packed)(
    '$name@$version ships what that version was released with, or is a new version with a CHANGELOG entry',
    ({ name, version, sha256 }) => {
      const released = releases[name] ?? {};
      const recorded = released[version];
      if (recorded) {
        expect(
          sha256,
          `${name}@${version} ships other content than when it was released (commit ${recorded.commit}): raise its version and add a CHANGELOG entry.`,
        ).toBe(recorded.sha256);
        return;
      }
      for (const previous of Object.keys(released)) {
        expect(
          compareVersions(version, previous),
          `${name}@${version} after ${previous}`,
        ).toBeGreaterThan(0);
      }
      expect(changelogOf(name)).toMatch(new RegExp(`^## ${version.replaceAll('.', '\\.')}$`, 'm'));
    },
  );
});
