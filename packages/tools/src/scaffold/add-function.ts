/**
 * Adds a function package to a workspace: copies a starter into `packages/<name>/`, names the
 * package, and associates it with a cache behavior in `edge.config.ts` (adding the behavior
 * first for a new path pattern). Used by `pnpm gen
 * trigger` (plopfile.mjs); create-edge-app renders the same package in memory through
 * `renderFunctionPackage` (function-package.ts) and writes it with the rest of the project.
 *
 * Nothing is half-written on refusal or failure: every check runs first, the copy is staged
 * beside its destination and renamed into place, and the config is written last (atomically);
 * if that fails, the new package is removed again.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../build/output.ts';
import { ToolsError } from '../errors.ts';
import { addBehavior } from './behavior-edit.ts';
import {
  assertFunctionRequest,
  type FunctionRequest,
  renderFunctionPackage,
} from './function-package.ts';
import { directoryStarterSource, installedStarterSource, type StarterSource } from './starters.ts';

export interface AddFunctionOptions extends FunctionRequest {
  /** The workspace root (where edge.config.ts is). */
  root: string;
  /**
   * Where the starters are: a starters directory, or a source already opened (default: the
   * starters that come with this package).
   */
  startersDir?: string | undefined;
  starters?: StarterSource | undefined;
  /** `behavior` names a path pattern with no behavior yet: add one for it first. */
  createBehavior?: boolean | undefined;
}

export async function addFunction(opts: AddFunctionOptions): Promise<{ files: string[] }> {
  const { root, name } = opts;
  assertFunctionRequest(opts);

  const configPath = join(root, 'edge.config.ts');
  if (!existsSync(configPath)) {
    throw new ToolsError('scaffold', `No edge.config.ts in ${root}.`, {
      hint: 'Run this from the root of a workspace made by create-edge-app.',
    });
  }
  const packagesDir = join(root, 'packages');
  const target = join(packagesDir, name);
  if (existsSync(target)) {
    throw new ToolsError('scaffold', `packages/${name} already exists.`, {
      hint: 'Choose another name, or remove that directory first if it is a leftover.',
    });
  }
  const starters = startersOf(opts);
  const config = readFileSync(configPath, 'utf8');
  const rendered = renderFunctionPackage({
    ...opts,
    catalogue: starters.list(),
    starterFiles: () => starters.files(opts.eventType, opts.starter, opts.language),
    packageVersions: edgePackageVersions(root),
    config:
      opts.createBehavior && opts.behavior !== undefined
        ? addBehavior(config, opts.behavior)
        : config,
  });

  // Written whole beside its destination, then renamed into place in one step.
  const staging = join(packagesDir, `.${name}.staging-${randomBytes(4).toString('hex')}`);
  const prefix = `packages/${name}/`;
  try {
    const made = new Set<string>();
    for (const [path, bytes] of rendered.files) {
      const destination = join(staging, path.slice(prefix.length));
      const dir = dirname(destination);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      const mode = rendered.executable.has(path) ? 0o755 : 0o644;
      writeFileSync(destination, bytes, { mode });
    }
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    writeFileAtomic(configPath, rendered.config);
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    throw error;
  }
  return { files: [...rendered.files.keys(), 'edge.config.ts'] };
}

function startersOf(opts: AddFunctionOptions): StarterSource {
  if (opts.starters) return opts.starters;
  if (opts.startersDir !== undefined) return directoryStarterSource(opts.startersDir);
  return installedStarterSource();
}

/**
 * The @edge-app/* versions the workspace root names: a new function package names the same
 * ones (the root's `workspace:*` in the create-edge-app repository stays as it is).
 */
function edgePackageVersions(root: string): Map<string, string> {
  const versions = new Map<string, string>();
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    for (const [name, range] of Object.entries({
      ...manifest.dependencies,
      ...manifest.devDependencies,
    })) {
      if (name.startsWith('@edge-app/') && !range.startsWith('workspace:')) {
        versions.set(name, range);
      }
    }
  } catch {
    // No readable root package.json: the starter's ranges stay as they are.
  }
  return versions;
}
