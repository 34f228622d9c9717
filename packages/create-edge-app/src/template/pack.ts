/**
 * Build time only (build.mjs): the template as data, from the repository's templates/workspace
 * and templates/starters, and the @edge-app/* tarballs that `pnpm pack` made. The workspace's
 * files are taken as they are, with two edits a generated project needs because it installs
 * those packages from tarballs instead of linking them: package.json names their versions
 * where the repository says `workspace:*`, and pnpm-workspace.yaml points them at vendor/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { directoryStarterSource, readStarterTree } from '@edge-app/tools/scaffold';
import type { StarterSummary } from '../cli/starters.ts';
import {
  type Template,
  type TemplateFile,
  templateFileOf,
  type VendoredPackage,
} from './template.ts';
import { withPackageVersions, withVendorOverrides } from './vendor-edits.ts';

/** Install output, build output and caches: never part of what a project gets. */
const NOT_TEMPLATE = new Set([
  'node_modules',
  'dist',
  '.cache',
  '.edge',
  'coverage',
  '__pycache__',
  '.pytest_cache',
]);

export function packTemplate(
  workspaceDir: string,
  startersDir: string,
  packages: readonly VendoredPackage[],
): Template {
  const workspace = readTree(workspaceDir);
  workspace['package.json'] = templateFileOf(
    Buffer.from(withPackageVersions(required(workspace, 'package.json').content, packages)),
  );
  workspace['pnpm-workspace.yaml'] = templateFileOf(
    Buffer.from(withVendorOverrides(required(workspace, 'pnpm-workspace.yaml').content, packages)),
  );
  const starters: Record<string, TemplateFile> = {};
  for (const [path, file] of readStarterTree(startersDir)) {
    starters[path] = templateFileOf(file.bytes, file.executable);
  }
  return { workspace: sortedByPath(workspace), starters, packages: [...packages] };
}

/** Every starter under `startersDir` with its languages, as --help lists them. */
export function starterCatalogue(startersDir: string): StarterSummary[] {
  return directoryStarterSource(startersDir)
    .list()
    .map(({ eventType, starter, languages }) => ({ eventType, starter, languages }));
}

function readTree(root: string): Record<string, TemplateFile> {
  const files: Record<string, TemplateFile> = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (NOT_TEMPLATE.has(entry.name) || entry.name.endsWith('.tsbuildinfo')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else if (entry.isFile()) {
        files[prefix + entry.name] = templateFileOf(
          readFileSync(path),
          (statSync(path).mode & 0o111) !== 0,
        );
      }
    }
  };
  walk(root, '');
  return files;
}

function required(files: Record<string, TemplateFile>, path: string): TemplateFile {
  const file = files[path];
  if (!file) throw new Error(`templates/workspace has no ${path}.`);
  return file;
}

export function sortedByPath<File>(files: Record<string, File>): Record<string, File> {
  const sorted: Record<string, File> = {};
  for (const path of Object.keys(files).sort()) sorted[path] = files[path] as File;
  return sorted;
}
