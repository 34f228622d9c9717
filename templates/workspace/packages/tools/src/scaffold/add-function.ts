/**
 * Adds a function package to a workspace: copies a starter into `packages/<name>/`, names the
 * package, and associates it with a cache behavior in `edge.config.ts`. Used by `pnpm gen
 * trigger` (plopfile.mjs) and by create-edge-app on its staged workspace.
 *
 * Nothing is half-written on refusal or failure: every check runs first, the copy is staged
 * beside its destination and renamed into place, and the config is written last (atomically);
 * if that fails, the new package is removed again.
 */
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { EVENT_TYPES, type EventType } from '@edge-app/events';
import { EdgeUserError } from '../errors.ts';
import { addAssociation } from './config-edit.ts';
import { assertValidFunctionName } from './names.ts';
import { STARTER_LANGUAGES, type StarterLanguage, starterDir } from './starters.ts';

export { FUNCTIONS_MARKER, listBehaviorPatterns } from './config-edit.ts';
export { functionNameProblem, suggestFunctionName } from './names.ts';
export {
  defaultStartersDir,
  listStarters,
  type StarterInfo,
  type StarterLanguage,
} from './starters.ts';

export interface AddFunctionOptions {
  /** The workspace root (where edge.config.ts is). */
  root: string;
  name: string;
  eventType: EventType;
  /** 'blank', 'jwt-auth', ... */
  starter: string;
  language: StarterLanguage;
  /** pathPattern of a behavior in edge.config.ts; the default behavior when absent. */
  behavior?: string | undefined;
  /** Where the starters are; `<root>/packages/tools/starters` unless given. */
  startersDir?: string | undefined;
}

/** What a starter directory may hold that is not part of the starter. */
const NOT_COPIED = new Set([
  'node_modules',
  'dist',
  '.cache',
  '.edge',
  '__pycache__',
  '.pytest_cache',
]);

export async function addFunction(opts: AddFunctionOptions): Promise<{ files: string[] }> {
  const { root, name, eventType, starter, language } = opts;
  if (!EVENT_TYPES.includes(eventType)) {
    throw new EdgeUserError(
      `"${eventType}" is not a CloudFront event type.`,
      `Use one of: ${EVENT_TYPES.join(', ')}.`,
    );
  }
  if (!STARTER_LANGUAGES.includes(language)) {
    throw new EdgeUserError(`"${language}" is not a starter language.`, 'Use "ts" or "python".');
  }
  assertValidFunctionName(name);

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
  const source = starterDir(
    opts.startersDir ?? join(root, 'packages', 'tools', 'starters'),
    eventType,
    starter,
    language,
  );
  const config = readFileSync(configPath, 'utf8');
  const updatedConfig = addAssociation(config, { eventType, name, behavior: opts.behavior });

  const staging = join(packagesDir, `.${name}.staging-${randomBytes(4).toString('hex')}`);
  try {
    cpSync(source, staging, {
      recursive: true,
      filter: (path) => !NOT_COPIED.has(basename(path)),
    });
    renamePackage(join(staging, 'package.json'), name);
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    writeFileAtomically(configPath, updatedConfig);
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    throw error;
  }
  const files = listFiles(target).map((file) => toPosix(relative(root, file)));
  return { files: [...files, 'edge.config.ts'] };
}

/** Sets `name` in package.json as a JSON edit, keeping every other field and the key order. */
function renamePackage(manifestPath: string, name: string): void {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  // Spreading after `name` keeps name's place at the top; the assignment then wins.
  const renamed: Record<string, unknown> = { name, ...manifest };
  renamed.name = name;
  writeFileSync(manifestPath, `${JSON.stringify(renamed, null, 2)}\n`);
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

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out.sort();
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
