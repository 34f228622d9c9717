/**
 * Reading the vendored package tarballs with the system's `tar`, not with the CLI's own
 * writer (src/template/tar.ts): what another tool can read is what a package manager gets.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp.ts';

/** The entries `tar -tzf` lists, in archive order. */
export function tarballEntries(bytes: Buffer): string[] {
  const dir = tempDir('cea-tgz-');
  const file = join(dir, 'package.tgz');
  writeFileSync(file, bytes);
  return execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** Extracts the tarball into a new temporary directory; returns the `package/` directory in it. */
export function extractTarball(bytes: Buffer): string {
  const dir = tempDir('cea-tgz-');
  const file = join(dir, 'package.tgz');
  writeFileSync(file, bytes);
  execFileSync('tar', ['-xzf', file], { cwd: dir });
  return join(dir, 'package');
}
