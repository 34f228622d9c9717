/**
 * A starter through the template history: which starter an added function package was made
 * from, and what its files were when it was made (added-functions.ts).
 */
import type { EventType } from '@edge-app/events';
import type { FunctionAnswer } from '../../answers/types.ts';
import { sha256 } from '../../hash.ts';
import type { BaseFile } from '../../render/base.ts';
import { renderTemplate } from '../../render/render.ts';
import type { LoadedTemplate } from '../../template/template.ts';
import { templateFileBytes, templateFileOf } from '../../template/template.ts';
import type { Language } from '../../triggers.ts';
import type { FileVersion, TemplateHistory } from '../history/archive.ts';
import type { ProjectRecord } from '../record.ts';
import { STARTER_ROOTS } from './rebuild.ts';

export interface AddedPackage {
  eventType: EventType;
  language: Language;
  name: string;
  /** Its files on disk, relative to its package directory. */
  files: Map<string, Buffer>;
  description: unknown;
}

/** A starter's every version: its files by path inside the starter. */
interface StarterVersions {
  name: string;
  key: string;
  files: Map<string, FileVersion[]>;
}

export function identifyStarter(
  candidate: AddedPackage,
  own: LoadedTemplate,
  history: TemplateHistory,
): StarterVersions | undefined {
  let best: { starter: StarterVersions; score: number } | undefined;
  for (const starter of startersOf(candidate, own, history)) {
    let score = 0;
    for (const [path, bytes] of candidate.files) {
      if (path === 'package.json') continue;
      const hash = sha256(bytes);
      if (starter.files.get(path)?.some((version) => version.sha256 === hash)) score += 2;
    }
    const manifests = starter.files.get('package.json') ?? [];
    if (manifests.some((v) => descriptionOf(history.blob(v.sha256)) === candidate.description)) {
      score += 1;
    }
    if (score > 0 && (!best || score > best.score)) best = { starter, score };
  }
  return best?.starter;
}

function startersOf(
  candidate: AddedPackage,
  own: LoadedTemplate,
  history: TemplateHistory,
): StarterVersions[] {
  const byName = new Map<string, StarterVersions>();
  const prefixOf = (root: string) => `${root}${candidate.eventType}/`;
  for (const root of STARTER_ROOTS) {
    for (const repoPath of history.pathsUnder(prefixOf(root))) {
      const [name, language, ...rest] = repoPath.slice(prefixOf(root).length).split('/');
      if (language !== candidate.language || !name || rest.length === 0) continue;
      const key = `${candidate.eventType}/${name}/${language}`;
      const starter: StarterVersions = byName.get(name) ?? { name, key, files: new Map() };
      byName.set(name, starter);
      const path = rest.join('/');
      starter.files.set(path, [...(starter.files.get(path) ?? []), ...history.versions(repoPath)]);
    }
  }
  // This CLI's own starters, in case the history was built before them.
  for (const [path, file] of Object.entries(own.starters)) {
    const [eventType, name, language, ...rest] = path.split('/');
    if (eventType !== candidate.eventType || language !== candidate.language || !name) continue;
    const starter: StarterVersions = byName.get(name) ?? {
      name,
      key: `${eventType}/${name}/${language}`,
      files: new Map(),
    };
    byName.set(name, starter);
    const inside = rest.join('/');
    const hash = sha256(templateFileBytes(file));
    const versions = starter.files.get(inside) ?? [];
    if (!versions.some((v) => v.sha256 === hash)) {
      starter.files.set(inside, [
        ...versions,
        { sha256: hash, spans: [[history.states, history.states + 1]] },
      ]);
    }
  }
  return [...byName.values()];
}

function descriptionOf(bytes: Buffer | undefined): unknown {
  try {
    return bytes
      ? (JSON.parse(bytes.toString('utf8')) as { description?: unknown }).description
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The starter as it was when the package was added: untouched files are their own base; the
 * moment every untouched file existed as it is gives the others theirs, and says which files
 * the owner deleted since.
 */
export function starterBase(
  candidate: AddedPackage,
  starter: StarterVersions,
  input: { own: LoadedTemplate; rootManifest: Buffer | undefined; record: ProjectRecord },
  history: TemplateHistory,
): Map<string, BaseFile> {
  const base = new Map<string, BaseFile>();
  let moments: Set<number> | undefined;
  for (const [path, bytes] of candidate.files) {
    const hash = sha256(bytes);
    const version = starter.files.get(path)?.find((v) => v.sha256 === hash);
    if (!version || path === 'package.json') continue;
    base.set(path, { sha256: hash, bytes, executable: false });
    const during = new Set(version.spans.flatMap(([from, to]) => range(from, to)));
    moments = moments ? new Set([...moments].filter((m) => during.has(m))) : during;
  }
  const moment = moments && moments.size > 0 ? Math.max(...moments) : undefined;
  if (moment !== undefined) {
    for (const [path, versions] of starter.files) {
      if (base.has(path) || path === 'package.json') continue;
      const then = versions.find((v) =>
        v.spans.some(([from, to]) => from <= moment && moment < to),
      );
      const bytes = then && (history.blob(then.sha256) ?? ownStarterFile(input.own, starter, path));
      if (then && bytes) base.set(path, { sha256: then.sha256, bytes, executable: false });
    }
  }
  const manifest = manifestBase(candidate, starter, input, history, moment);
  if (manifest) base.set('package.json', manifest);
  return base;
}

function ownStarterFile(own: LoadedTemplate, starter: StarterVersions, path: string) {
  const file = own.starters[`${starter.key}/${path}`];
  return file && templateFileBytes(file);
}

/**
 * The package.json `pnpm gen trigger` wrote: the starter's, named, with the @edge-app/*
 * versions of the workspace root. The owner's own when it is one of those; else the one of
 * the moment the other files agree on.
 */
function manifestBase(
  candidate: AddedPackage,
  starter: StarterVersions,
  input: { own: LoadedTemplate; rootManifest: Buffer | undefined },
  history: TemplateHistory,
  moment: number | undefined,
): BaseFile | undefined {
  const owner = candidate.files.get('package.json');
  const versions = starter.files.get('package.json') ?? [];
  const ordered =
    moment === undefined
      ? versions
      : [
          ...versions.filter((v) => v.spans.some(([from, to]) => from <= moment && moment < to)),
          ...versions,
        ];
  const rendered: Buffer[] = [];
  for (const version of ordered) {
    const source =
      history.blob(version.sha256) ?? ownStarterFile(input.own, starter, 'package.json');
    if (!source) continue;
    const bytes = renderManifest(candidate, starter, source, input);
    if (!bytes) continue;
    if (owner && bytes.equals(owner)) return { sha256: sha256(bytes), bytes, executable: false };
    rendered.push(bytes);
  }
  const first = moment === undefined ? undefined : rendered[0];
  return first && { sha256: sha256(first), bytes: first, executable: false };
}

/** The package.json as the tools render it for a new function, with the root's versions. */
function renderManifest(
  candidate: AddedPackage,
  starter: StarterVersions,
  source: Buffer,
  { own, rootManifest }: { own: LoadedTemplate; rootManifest: Buffer | undefined },
): Buffer | undefined {
  const fn: FunctionAnswer = {
    trigger: candidate.eventType,
    name: candidate.name,
    starter: starter.name,
    language: candidate.language,
  };
  const packages = Object.entries(edgeVersions(rootManifest)).map(([name, version]) => ({
    name,
    version,
    path: '',
  }));
  try {
    return renderTemplate(
      {
        workspace: {
          'package.json': templateFileOf(Buffer.from('{}\n')),
          'README.md': templateFileOf(Buffer.from('# <PROJECT_NAME>\n')),
          ...(own.workspace['edge.config.ts']
            ? { 'edge.config.ts': own.workspace['edge.config.ts'] }
            : {}),
        },
        starters: { [`${starter.key}/package.json`]: templateFileOf(source) },
        packages,
        tarballs: new Map(),
      },
      { projectName: 'x', functions: [fn] },
    ).files.get(`packages/${fn.name}/package.json`);
  } catch {
    return undefined;
  }
}

function edgeVersions(manifest: Buffer | undefined): Record<string, string> {
  try {
    const parsed = JSON.parse(manifest?.toString('utf8') ?? '{}') as Record<string, unknown>;
    const versions: Record<string, string> = {};
    for (const field of ['dependencies', 'devDependencies']) {
      for (const [name, range] of Object.entries((parsed[field] ?? {}) as Record<string, string>)) {
        if (name.startsWith('@edge-app/') && !range.startsWith('workspace:'))
          versions[name] = range;
      }
    }
    return versions;
  } catch {
    return {};
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
