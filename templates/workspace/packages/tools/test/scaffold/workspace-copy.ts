/**
 * Temporary copies of the template workspace for scaffold tests. The copy shares the
 * template's node_modules through a symlink, so `loadProject` can compile its edge.config.ts.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packStarterDirectory } from '../../src/scaffold/starter-source.ts';

export const templateRoot = fileURLToPath(new URL('../../../..', import.meta.url));

const copies: string[] = [];

const startersDir = join(templateRoot, 'packages', 'tools', 'starters');
const sharedDirs = ['events', 'runtime', 'tools'].map((name) =>
  join(templateRoot, 'packages', name),
);

/**
 * `starters: 'directory'` keeps packages/tools/starters/ as in this repository; 'vendored'
 * leaves out the shared packages (events, runtime, tools), as in a project create-edge-app
 * generates, where they come installed from vendor/ (here: the template's node_modules, which
 * link this repository's); 'packed' replaces the starters with packages/tools/starters.json,
 * as in a project generated before the shared packages came vendored.
 */
export function copyTemplateWorkspace(
  options: { starters: 'directory' | 'packed' | 'vendored' } = { starters: 'directory' },
): string {
  const root = mkdtempSync(join(tmpdir(), 'edge-scaffold-'));
  const packed = options.starters === 'packed';
  const vendored = options.starters === 'vendored';
  cpSync(templateRoot, root, {
    recursive: true,
    filter: (path) =>
      !['node_modules', 'dist', '.cache', '.edge'].includes(basename(path)) &&
      !(packed && path === startersDir) &&
      !(vendored && sharedDirs.includes(path)),
  });
  if (packed) {
    writeFileSync(
      join(root, 'packages', 'tools', 'starters.json'),
      packStarterDirectory(startersDir),
    );
  }
  symlinkSync(join(templateRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  copies.push(root);
  return root;
}

export function removeCopies(): void {
  for (const root of copies.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** Every path under `dir`, relative, sorted: a snapshot to prove nothing was written. */
export function tree(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = `${prefix}${entry.name}`;
    out.push(path);
    if (entry.isDirectory()) out.push(...tree(join(dir, entry.name), `${path}/`));
  }
  return out.sort();
}
