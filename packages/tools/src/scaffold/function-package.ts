/**
 * A new function package as data: the starter's files renamed into `packages/<name>/`, its
 * package.json named, and `edge.config.ts` with the association added, all computed in memory
 * without touching a disk. `addFunction` writes the result into a workspace on disk;
 * create-edge-app renders it from the starters it carries in memory and writes the whole
 * project once (overwriting files it had just written cost it tens of milliseconds on ext4).
 */
import { EVENT_TYPES, type EventType } from '@edge-app/events';
import { ToolsError } from '../errors.ts';
import { addAssociations } from './config-edit.ts';
import { assertValidFunctionName } from './names.ts';
import { type DefineValue, defineInEveryStage } from './stage-edit.ts';
import {
  findStarter,
  isStarterContent,
  STARTER_LANGUAGES,
  type StarterFile,
  type StarterInfo,
  type StarterLanguage,
} from './starters.ts';

export interface FunctionRequest {
  name: string;
  eventType: EventType;
  /** 'blank', 'jwt-auth', ... */
  starter: string;
  language: StarterLanguage;
  /** pathPattern of a behavior in edge.config.ts; the default behavior when absent. */
  behavior?: string | undefined;
}

export interface FunctionPackageInput extends FunctionRequest {
  /** The starter catalogue (`listStarters()`), to refuse an unknown starter with what exists. */
  catalogue: readonly StarterInfo[];
  /**
   * The chosen starter's files, POSIX paths relative to its `<ts|python>/` directory. Called
   * only once the starter is known to exist.
   */
  starterFiles: () => ReadonlyMap<string, StarterFile>;
  /**
   * The versions of the @edge-app/* packages the workspace installs: a starter names them
   * `workspace:*`, as packages of one pnpm workspace do, and the new package names these.
   * A name without a version here stays `workspace:*`.
   */
  packageVersions?: ReadonlyMap<string, string> | undefined;
  /** The current text of edge.config.ts. */
  config: string;
}

/** A function package to render, the config being shared by all of them. */
export type FunctionPackageFiles = Omit<FunctionPackageInput, 'config'>;

export interface FunctionPackage {
  /** Workspace-relative POSIX path (`packages/<name>/...`) → bytes, sorted by path. */
  files: Map<string, Buffer>;
  /** Paths written with the execute bit. */
  executable: Set<string>;
  /** edge.config.ts with the association added (and the starter's build-time defaults). */
  config: string;
}

/** The checks that need nothing but the request; throws ToolsError. */
export function assertFunctionRequest(request: FunctionRequest): void {
  if (!EVENT_TYPES.includes(request.eventType)) {
    throw new ToolsError('scaffold', `"${request.eventType}" is not a CloudFront event type.`, {
      hint: `Use one of: ${EVENT_TYPES.join(', ')}.`,
    });
  }
  if (!STARTER_LANGUAGES.includes(request.language)) {
    throw new ToolsError('scaffold', `"${request.language}" is not a starter language.`, {
      hint: 'Use "ts" or "python".',
    });
  }
  assertValidFunctionName(request.name);
}

/** Throws ToolsError (unknown starter or language, a clashing association) before any output. */
export function renderFunctionPackage(input: FunctionPackageInput): FunctionPackage {
  const { config, ...request } = input;
  const rendered = renderFunctionPackages([request], config);
  return { ...(rendered.packages[0] as Omit<FunctionPackage, 'config'>), config: rendered.config };
}

/**
 * Several packages at once, with their associations added to `config` in one edit: each
 * association added separately scanned the whole of edge.config.ts again, which showed in the
 * time create-edge-app takes for a project of several functions. Throws ToolsError (each
 * input's checks in turn, then a clashing association) before any starter is read.
 */
export function renderFunctionPackages(
  inputs: readonly FunctionPackageFiles[],
  config: string,
): { packages: Array<Omit<FunctionPackage, 'config'>>; config: string } {
  // Every check, the clashing associations included, before a starter is read from disk.
  for (const input of inputs) {
    assertFunctionRequest(input);
    findStarter(input.catalogue, input.eventType, input.starter, input.language);
  }
  const associations = inputs.map(({ eventType, name, behavior }) => ({
    eventType,
    name,
    behavior,
  }));
  let edited = addAssociations(config, associations);
  const packages = inputs.map(renderFiles);
  for (const [index, rendered] of packages.entries()) {
    const defines = starterDefines(
      rendered.files.get(`packages/${inputs[index]?.name}/package.json`),
    );
    if (defines) edited = defineInEveryStage(edited, defines);
  }
  return { packages, config: edited };
}

/**
 * The build-time values a starter reads (`"edge": { "define": { KEY: default } }` in its
 * package.json): every stage must define them, or its build fails on the read.
 */
function starterDefines(manifest: Buffer | undefined): Record<string, DefineValue> | undefined {
  if (!manifest) return undefined;
  const { edge } = JSON.parse(manifest.toString('utf8')) as { edge?: { define?: unknown } };
  const define = edge?.define;
  if (define === undefined) return undefined;
  const valid =
    typeof define === 'object' &&
    define !== null &&
    Object.values(define).every((value) => ['string', 'number', 'boolean'].includes(typeof value));
  if (!valid) throw new Error(`A starter's "edge.define" is not an object of build-time values.`);
  return define as Record<string, DefineValue>;
}

function renderFiles(input: FunctionPackageFiles): Omit<FunctionPackage, 'config'> {
  const { name, eventType, starter, language } = input;
  const files = new Map<string, Buffer>();
  const executable = new Set<string>();
  const starterFiles = input.starterFiles();
  for (const source of [...starterFiles.keys()].sort()) {
    if (!isStarterContent(source)) continue;
    const { bytes, executable: isExecutable } = starterFiles.get(source) as StarterFile;
    const path = `packages/${name}/${source}`;
    files.set(
      path,
      source === 'package.json' ? namedManifest(bytes, name, input.packageVersions) : bytes,
    );
    if (isExecutable) executable.add(path);
  }
  if (!files.has(`packages/${name}/package.json`)) {
    throw new Error(`The ${starter} starter for ${eventType} (${language}) has no package.json.`);
  }
  return { files, executable };
}

/**
 * Sets `name` in package.json and the workspace's versions of `workspace:*` dependencies, as
 * JSON edits keeping every other field and the key order.
 */
function namedManifest(
  bytes: Buffer,
  name: string,
  versions: ReadonlyMap<string, string> = new Map(),
): Buffer {
  const manifest = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  // Spreading after `name` keeps name's place at the top; the assignment then wins.
  const renamed: Record<string, unknown> = { name, ...manifest };
  renamed.name = name;
  for (const field of ['dependencies', 'devDependencies']) {
    const dependencies = renamed[field] as Record<string, string> | undefined;
    for (const [dependency, range] of Object.entries(dependencies ?? {})) {
      const version = versions.get(dependency);
      if (range.startsWith('workspace:') && version !== undefined) {
        (dependencies as Record<string, string>)[dependency] = version;
      }
    }
  }
  return Buffer.from(`${JSON.stringify(renamed, null, 2)}\n`);
}
