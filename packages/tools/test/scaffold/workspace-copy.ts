/**
 * Temporary copies of the template workspace (templates/workspace: a generated project's root,
 * no function yet) for scaffold tests. The copy shares the template's node_modules through a
 * symlink, where this repository's @edge-app/* packages are linked, so `loadProject` can
 * compile its edge.config.ts and the starters are the installed tools' (templates/starters).
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../../..', import.meta.url));
export const templateRoot = join(repositoryRoot, 'templates', 'workspace');
export const repositoryStarters = join(repositoryRoot, 'templates', 'starters');

const copies: string[] = [];

export function copyTemplateWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'edge-scaffold-'));
  cpSync(templateRoot, root, {
    recursive: true,
    filter: (path) => !['node_modules', 'dist', '.cache', '.edge'].includes(basename(path)),
  });
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
