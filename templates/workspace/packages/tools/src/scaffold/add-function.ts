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
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { EdgeUserError } from '../errors.ts';
import {
  assertFunctionRequest,
  type FunctionRequest,
  isStarterContent,
  renderFunctionPackage,
} from './function-package.ts';
import { assertStartersDir, listStarters } from './starters.ts';

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
  defaultStartersDir,
  findStarter,
  listStarters,
  type StarterInfo,
  type StarterLanguage,
} from './starters.ts';

export interface AddFunctionOptions extends FunctionRequest {
  /** The workspace root (where edge.config.ts is). */
  root: string;
  /** Where the starters are; `<root>/packages/tools/starters` unless given. */
  startersDir?: string | undefined;
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
  const startersDir = opts.startersDir ?? join(root, 'packages', 'tools', 'starters');
  assertStartersDir(startersDir);
  const source = join(startersDir, opts.eventType, opts.starter, opts.language);
  const executable = new Set<string>();
  const rendered = renderFunctionPackage({
    ...opts,
    catalogue: listStarters(startersDir),
    starterFiles: () => readStarter(source, executable),
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
      const mode = executable.has(rendered.sources.get(path) ?? '') ? 0o755 : 0o644;
      writeFileSync(destination, bytes, { mode });
    }
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    writeFileAtomically(configPath, rendered.config);
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    throw error;
  }
  return { files: [...rendered.files.keys(), 'edge.config.ts'] };
}

/**
 * Every file of a starter directory (caches and install output left out), POSIX paths
 * relative to it; `executable` collects the ones with an execute bit, which the copy keeps.
 */
function readStarter(dir: string, executable: Set<string>): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string, prefix: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const relative = prefix + entry.name;
      if (!isStarterContent(relative)) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path, `${relative}/`);
      else if (entry.isFile()) {
        files.set(relative, readFileSync(path));
        if ((statSync(path).mode & 0o111) !== 0) executable.add(relative);
      }
    }
  };
  walk(dir, '');
  return files;
}

function writeFileAtomically(path: string, content: string): void {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
