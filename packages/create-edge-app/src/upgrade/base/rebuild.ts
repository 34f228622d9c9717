/**
 * The merge base of a project without a stored one, rebuilt offline: for each file the record
 * lists, the content whose sha256 the record holds, found among what the template has ever
 * rendered (history/archive.ts, and this CLI's own template).
 *
 * A file the template copies as it is is looked up by its hash. The files that rendering edits
 * (package.json, README.md, pnpm-workspace.yaml, edge.config.ts, each function's package.json)
 * are rendered from every earlier version of their source, with today's render code and the
 * recorded answers, packed as the build of that time packed them, until one hashes as
 * recorded. Only what the hash confirms is taken, so a base found here is exact.
 */
import type { FunctionAnswer } from '../../answers/types.ts';
import { sha256 } from '../../hash.ts';
import type { BaseFile } from '../../render/base.ts';
import { renderTemplate } from '../../render/render.ts';
import type { VendoredPackage } from '../../template/template.ts';
import { type LoadedTemplate, templateFileBytes, templateFileOf } from '../../template/template.ts';
import { withPackageVersions, withVendorOverrides } from '../../template/vendor-edits.ts';
import type { TemplateHistory } from '../history/archive.ts';

export interface RebuildInput {
  /** Path → the sha256 the record holds for it. */
  recorded: ReadonlyMap<string, string>;
  projectName: string;
  /** The answered functions and those `pnpm gen trigger` added (for their package.json). */
  functions: readonly FunctionAnswer[];
  own: LoadedTemplate;
  history: TemplateHistory;
}

const WORKSPACE = 'templates/workspace/';
/** Where the starters have lived in this repository, newest first. */
export const STARTER_ROOTS = [
  'templates/starters/',
  'templates/workspace/packages/tools/starters/',
];
const RENDERED_WORKSPACE_FILES = new Set([
  'package.json',
  'README.md',
  'pnpm-workspace.yaml',
  'edge.config.ts',
]);

/** The base files found; a path missing from the result had no version that hashes as recorded. */
export function rebuildBase(input: RebuildInput): Map<string, BaseFile> {
  const found = new Map<string, BaseFile>();
  const shippedTarballs = new Set([
    ...input.history.packs.flatMap((pack) => Object.values(pack.tarballs)),
    ...[...input.own.tarballs.values()].map((bytes) => sha256(bytes)),
  ]);
  for (const [path, hash] of input.recorded) {
    const bytes = input.history.blob(hash) ?? renderedCandidate(path, hash, input);
    if (bytes) found.set(path, { sha256: hash, bytes, executable: false });
    else if (shippedTarballs.has(hash)) found.set(path, { sha256: hash, executable: false });
  }
  return found;
}

function renderedCandidate(path: string, hash: string, input: RebuildInput): Buffer | undefined {
  if (RENDERED_WORKSPACE_FILES.has(path)) {
    for (const candidate of workspaceCandidates(path, input)) {
      if (sha256(candidate) === hash) return candidate;
    }
    return undefined;
  }
  const fn = input.functions.find((f) => path === `packages/${f.name}/package.json`);
  if (!fn) return undefined;
  for (const candidate of functionManifestCandidates(fn, input)) {
    if (sha256(candidate) === hash) return candidate;
  }
  return undefined;
}

/** The @edge-app/* packages a project vendored, as its record's vendor/ paths name them. */
export function vendoredPackages(paths: Iterable<string>): VendoredPackage[] {
  const packages: VendoredPackage[] = [];
  for (const path of paths) {
    const match = /^vendor\/edge-app-([a-z]+)-(\d+\.\d+\.\d+[^-]*)(?:-[0-9a-f]{10})?\.tgz$/.exec(
      path,
    );
    if (match) packages.push({ name: `@edge-app/${match[1]}`, version: match[2] as string, path });
  }
  return packages;
}

function* workspaceCandidates(path: string, input: RebuildInput): Generator<Buffer> {
  const packages = vendoredPackages(input.recorded.keys());
  // Already packed: this CLI's template and the released ones.
  const packed = [
    input.own.workspace[path] && templateFileBytes(input.own.workspace[path]),
    ...input.history.packs.map((pack) => blobAt(input.history, pack.workspace[path])),
  ];
  const sources: Buffer[] = packed.filter((bytes): bytes is Buffer => bytes !== undefined);
  // As the repository held them: packed again the ways a build could have.
  for (const version of input.history.versions(WORKSPACE + path)) {
    const raw = input.history.blob(version.sha256);
    if (!raw) continue;
    sources.push(raw);
    const edited = packedVariant(path, raw.toString('utf8'), packages);
    if (edited !== undefined) sources.push(Buffer.from(edited));
  }
  for (const source of unique(sources)) {
    const rendered = renderWorkspaceFile(path, source, input);
    if (rendered) yield rendered;
  }
}

function packedVariant(
  path: string,
  text: string,
  packages: readonly VendoredPackage[],
): string | undefined {
  if (packages.length === 0) return undefined;
  try {
    if (path === 'package.json') return withPackageVersions(text, packages);
    if (path === 'pnpm-workspace.yaml') return withVendorOverrides(text, packages);
  } catch {
    // A version this edit does not apply to (overrides of its own): not a candidate.
  }
  return undefined;
}

function* functionManifestCandidates(fn: FunctionAnswer, input: RebuildInput): Generator<Buffer> {
  const key = `${fn.trigger}/${fn.starter}/${fn.language}/package.json`;
  const sources: Buffer[] = [];
  const own = input.own.starters[key];
  if (own) sources.push(templateFileBytes(own));
  for (const pack of input.history.packs) {
    const bytes = blobAt(input.history, pack.starters[key]);
    if (bytes) sources.push(bytes);
  }
  for (const root of STARTER_ROOTS) {
    for (const version of input.history.versions(root + key)) {
      const bytes = input.history.blob(version.sha256);
      if (bytes) sources.push(bytes);
    }
  }
  const packages = vendoredPackages(input.recorded.keys());
  for (const source of unique(sources)) {
    for (const variant of packages.length > 0 ? [[], packages] : [[]]) {
      const rendered = renderOne(input, [fn], {
        starters: { [key]: source },
        packages: variant,
      }).get(`packages/${fn.name}/package.json`);
      if (rendered) yield rendered;
    }
  }
}

function renderWorkspaceFile(
  path: string,
  source: Buffer,
  input: RebuildInput,
): Buffer | undefined {
  // edge.config.ts holds every answered function's association; the other files none.
  const functions = path === 'edge.config.ts' ? input.functions : [];
  return renderOne(input, functions, { workspace: { [path]: source } }).get(path);
}

/**
 * Today's render of a template that has only what `path` needs: the source being tried, and
 * stand-ins for the files rendering requires. A source rendering refuses (no title line, no
 * functions marker) renders nothing.
 */
function renderOne(
  input: RebuildInput,
  functions: readonly FunctionAnswer[],
  parts: {
    workspace?: Record<string, Buffer>;
    starters?: Record<string, Buffer>;
    packages?: VendoredPackage[];
  },
): Map<string, Buffer> {
  const ownConfig = input.own.workspace['edge.config.ts'];
  const workspace = {
    'package.json': templateFileOf(Buffer.from('{}\n')),
    'README.md': templateFileOf(Buffer.from('# <PROJECT_NAME>\n')),
    ...(ownConfig ? { 'edge.config.ts': ownConfig } : {}),
    ...mapValues(parts.workspace ?? {}, (bytes) => templateFileOf(bytes)),
  };
  const starters = Object.fromEntries(
    functions.map((fn) => [
      `${fn.trigger}/${fn.starter}/${fn.language}/package.json`,
      templateFileOf(Buffer.from('{}\n')),
    ]),
  );
  Object.assign(
    starters,
    mapValues(parts.starters ?? {}, (bytes) => templateFileOf(bytes)),
  );
  try {
    return renderTemplate(
      { workspace, starters, packages: parts.packages ?? [], tarballs: new Map() },
      { projectName: input.projectName, functions: [...functions] },
    ).files;
  } catch {
    return new Map();
  }
}

function blobAt(history: TemplateHistory, hash: string | undefined): Buffer | undefined {
  return hash === undefined ? undefined : history.blob(hash);
}

function unique(buffers: readonly Buffer[]): Buffer[] {
  const seen = new Set<string>();
  return buffers.filter((bytes) => {
    const hash = sha256(bytes);
    if (seen.has(hash)) return false;
    seen.add(hash);
    return true;
  });
}

function mapValues<A, B>(record: Record<string, A>, map: (value: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
