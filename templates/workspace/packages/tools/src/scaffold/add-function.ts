/**
 * Adds a function package to a workspace: copies a starter into `packages/<name>/`, names the
 * package, and associates it with a cache behavior in `edge.config.ts`. Used by `pnpm gen
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
import { EdgeUserError } from '../errors.ts';
import {
  assertFunctionRequest,
  type FunctionRequest,
  renderFunctionPackage,
} from './function-package.ts';
import {
  directoryStarterSource,
  openStarterSource,
  PACKED_STARTERS_FILE,
  type StarterSource,
} from './starter-source.ts';
import { defaultToolsDir } from './starters.ts';

export { FUNCTIONS_MARKER, listBehaviorPatterns } from './config-edit.ts';
export {
  assertFunctionRequest,
  type FunctionPackage,
  type FunctionPackageInput,
  type FunctionRequest,
  isStarterContent,
  renderFunctionPackage,
} from './function-package.ts';
export { functionNameProblem, suggestFunctionName } from './names.ts';
export {
  directoryStarterSource,
  openStarterSource,
  PACKED_STARTERS_FILE,
  packedStarterSource,
  packStarterDirectory,
  readPackedStarters,
  type StarterSource,
  serializePackedStarters,
} from './starter-source.ts';
export {
  defaultStartersDir,
  defaultToolsDir,
  findStarter,
  listStarters,
  type StarterInfo,
  type StarterLanguage,
} from './starters.ts';

export interface AddFunctionOptions extends FunctionRequest {
  /** The workspace root (where edge.config.ts is). */
  root: string;
  /**
   * Where the starters are: a starters directory, or a source already opened. By default the
   * workspace's `packages/tools/` when it has one (this repository, and projects generated
   * before @edge-app/tools was vendored), else the installed @edge-app/tools package's
   * `starters/` or `starters.json`.
   */
  startersDir?: string | undefined;
  starters?: StarterSource | undefined;
}

export async function addFunction(opts: AddFunctionOptions): Promise<{ files: string[] }> {
  const { root, name } = opts;
  assertFunctionRequest(opts);

  const configPath = join(root, 'edge.config.ts');
  if (!existsSync(configPath)) {
    throw new EdgeUserError(
      `No edge.config.ts in ${root}.`,
      'Run this from the root of a workspace made by create-edge-app.',
    );
  }
  const packagesDir = join(root, 'packages');
  const target = join(packagesDir, name);
  if (existsSync(target)) {
    throw new EdgeUserError(
      `packages/${name} already exists.`,
      'Choose another name, or remove that directory first if it is a leftover.',
    );
  }
  const starters = startersOf(opts);
  const starter = { executable: new Set<string>() };
  const rendered = renderFunctionPackage({
    ...opts,
    catalogue: starters.list(),
    starterFiles: () => {
      const read = starters.files(opts.eventType, opts.starter, opts.language);
      starter.executable = read.executable;
      return read.files;
    },
    config: readFileSync(configPath, 'utf8'),
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
      const mode = starter.executable.has(rendered.sources.get(path) ?? '') ? 0o755 : 0o644;
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
  if (opts.startersDir !== undefined) {
    if (!existsSync(opts.startersDir)) {
      throw new EdgeUserError(
        `The starters directory ${opts.startersDir} does not exist.`,
        'Give the directory that holds <event-type>/<starter>/<ts|python>/ starters.',
      );
    }
    return directoryStarterSource(opts.startersDir);
  }
  return workspaceStarterSource(opts.root);
}

/**
 * The starters `pnpm gen trigger` offers in the workspace at `root`: its own packages/tools
 * when it has one (this repository, and projects generated before @edge-app/tools came
 * vendored), else those of the installed @edge-app/tools.
 */
export function workspaceStarterSource(root: string): StarterSource {
  const workspaceTools = join(root, 'packages', 'tools');
  // Its starters, not the directory: upgrading such a project removes them with the rest of
  // packages/tools, but keeps the files there that its owner edited.
  const hasStarters =
    existsSync(join(workspaceTools, 'starters')) ||
    existsSync(join(workspaceTools, PACKED_STARTERS_FILE));
  return openStarterSource(hasStarters ? workspaceTools : defaultToolsDir());
}
