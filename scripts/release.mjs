#!/usr/bin/env node
// Packs every shipped package as `pnpm pack` does and compares or records what it ships.
//   node scripts/release.mjs check    prints each package, its version and whether it matches
//   node scripts/release.mjs record   records the versions not recorded yet (releases/README.md)
// `pnpm build` must have run: the packages ship their dist/.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpmCommand } from './pnpm.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifestPath = join(root, 'releases', 'manifest.json');
export const SHIPPED = ['create-edge-app', 'events', 'runtime', 'tools'];

/** For each shipped package: its name, version and the sha256 of its packed tarball. */
export function packShipped() {
  const work = mkdtempSync(join(tmpdir(), 'edge-app-release-'));
  try {
    return SHIPPED.map((dir) => {
      const packageDir = join(root, 'packages', dir);
      const { name, version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
      const out = mkdtempSync(join(work, 'pack-'));
      execFileSync(...pnpmCommand(['pack', '--pack-destination', out]), {
        cwd: packageDir,
        stdio: 'pipe',
      });
      const [tarball] = readdirSync(out);
      const sha256 = createHash('sha256')
        .update(readFileSync(join(out, tarball)))
        .digest('hex');
      return { name, version, sha256 };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function readReleases() {
  return JSON.parse(readFileSync(manifestPath, 'utf8'));
}

function currentCommit() {
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  const releases = readReleases();
  const packed = packShipped();
  for (const { name, version, sha256 } of packed) {
    const recorded = releases[name]?.[version];
    const state = !recorded
      ? 'not released yet'
      : recorded.sha256 === sha256
        ? 'as released'
        : 'CHANGED since release';
    console.log(`${name}@${version}: ${state}`);
    if (command === 'record' && !recorded) {
      releases[name] = { ...releases[name], [version]: { commit: currentCommit(), sha256 } };
    }
  }
  if (command === 'record') writeFileSync(manifestPath, `${JSON.stringify(releases, null, 2)}\n`);
  else if (command !== 'check') {
    console.error('Usage: node scripts/release.mjs check|record');
    process.exitCode = 1;
  }
}
