/**
 * Everything an upgrade decides before it changes anything: the merge base (base/), the new
 * rendering (render.ts), the functions `pnpm gen trigger` added, the owner's files, the
 * releases' migrations (migrations/), and the plan (plan.ts, merge/).
 */
import { sha256 } from '../hash.ts';
import { isBinary } from '../render/base.ts';
import { type LoadedTemplate, loadTemplate } from '../template/template.ts';
import { GENERATOR_VERSION } from '../version.ts';
import { findAddedFunctions } from './base/added-functions.ts';
import { completeFromPublished, type ResolvedBase, resolveBase } from './base/resolve.ts';
import { type FileSet, listSources, readFileSet } from './files.ts';
import { loadHistory, type TemplateHistory } from './history/archive.ts';
import { resolvePlan } from './merge/resolve.ts';
import type { ConflictStyle } from './merge/text.ts';
import { applyMigrations, type MigrationOutcome } from './migrations/apply.ts';
import { classify, orphanedPackages, type PlannedFile } from './plan.ts';
import type { ProjectRecord } from './record.ts';
import { type NextRendering, renderNext } from './render.ts';

/** The first line of a conflict region; also how leftovers of the last upgrade are found. */
export const OURS_LABEL = 'your version';

export interface PreparedUpgrade {
  base: ResolvedBase;
  next: NextRendering;
  /** The owner's files as they are on disk (the template's paths and the sources). */
  disk: FileSet;
  migration: MigrationOutcome;
  plan: PlannedFile[];
  /** Removed packages that still hold files the owner edited. */
  orphans: Array<{ dir: string; kept: string[] }>;
  notes: string[];
}

export interface PrepareInput {
  root: string;
  record: ProjectRecord;
  /** The template to upgrade to (this CLI's own, or the test hook's). */
  template: () => LoadedTemplate;
  style: ConflictStyle;
  /** The last resort for a base (published.ts); a test can replace it. */
  fetchPublished: (version: string) => Promise<LoadedTemplate>;
  history?: () => TemplateHistory;
}

/** Source files the migrations read and edit: text the owner writes, not assets. */
const TEXT_SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json|md|yaml|yml|py|html|css|toml|txt)$/;

export async function prepareUpgrade(input: PrepareInput): Promise<PreparedUpgrade> {
  const { root, record } = input;
  let own: LoadedTemplate | undefined;
  const ownTemplate = () => (own ??= loadTemplate());
  let history: TemplateHistory | undefined;
  const historyOf = input.history ?? (() => (history ??= loadHistory()));
  const template = input.template();

  const recordedAdded = record.addedFunctions ?? [];
  const base = await resolveBase({
    root,
    record,
    functions: [...record.answers.functions, ...recordedAdded],
    own: ownTemplate,
    history: historyOf,
  });
  const found = findAddedFunctions({
    root,
    record,
    own: ownTemplate(),
    history: historyOf,
    rootManifest: base.files.get('package.json')?.bytes,
  });
  for (const [path, file] of found.base) base.files.set(path, file);
  const next = renderNext(template, record.answers, found.functions);
  const recorded = withoutFunctions(record.files, found.functions, next.added);
  for (const path of base.files.keys())
    if (!inTemplate(path, recorded, next)) base.files.delete(path);

  const sources = listSources(root);
  const known = new Set([...base.files.keys(), ...next.files.keys(), ...Object.keys(recorded)]);
  const disk = readFileSet(root, [...known, ...sources.filter((path) => TEXT_SOURCE.test(path))]);
  const onDisk = new Set([...sources, ...[...known].filter((path) => disk.has(path))]);

  if (record.generator.version !== GENERATOR_VERSION) {
    // Generated files the owner edited (or may have) that would be merged with no base.
    const edited = [...known].filter((path) => {
      const ours = disk.get(path);
      return (
        ours &&
        recorded[path] !== undefined &&
        next.files.has(path) &&
        !base.files.has(path) &&
        !isBinary(ours.bytes) &&
        (!base.recordedHashesTrusted || sha256(ours.bytes) !== recorded[path])
      );
    });
    await completeFromPublished(base, record, edited, input.fetchPublished);
  }

  const migration = applyMigrations({
    fromVersion: record.generator.version,
    toVersion: GENERATOR_VERSION,
    base: base.files,
    owner: disk,
    next: next.files,
    recorded,
    exists: (path) => onDisk.has(path),
    packages: template.packages,
  });
  const decisions = classify({
    base: migration.base,
    owner: migration.owner,
    disk,
    next: next.files,
    recorded: migration.recorded,
    recordedTrusted: base.recordedHashesTrusted,
    moved: migration.moved,
    edited: migration.edited,
    removedWhy: migration.removedWhy,
  });
  const plan = await resolvePlan(decisions, {
    labels: {
      ours: OURS_LABEL,
      base: `create-edge-app ${record.generator.version} template`,
      theirs: `create-edge-app ${GENERATOR_VERSION} template`,
    },
    style: input.style,
  });
  return {
    base,
    next,
    disk,
    migration,
    plan,
    orphans: orphanedPackages(plan, migration.base, next.files),
    notes: [...base.notes, ...found.notes, ...next.notes, ...migration.notes],
  };
}

/**
 * The record without the files of added functions the template can no longer render: those
 * are left as the owner has them, never removed as if the template had dropped them.
 */
function withoutFunctions(
  files: Readonly<Record<string, string>>,
  all: ReadonlyArray<{ name: string }>,
  rendered: ReadonlyArray<{ name: string }>,
): Record<string, string> {
  const dropped = all.filter((fn) => !rendered.some((r) => r.name === fn.name));
  return Object.fromEntries(
    Object.entries(files).filter(
      ([path]) => !dropped.some((fn) => path.startsWith(`packages/${fn.name}/`)),
    ),
  );
}

function inTemplate(
  path: string,
  recorded: Readonly<Record<string, string>>,
  next: NextRendering,
): boolean {
  if (path in recorded || next.files.has(path)) return true;
  // A newly found added function's files: in the base, not yet in the record.
  return next.added.some((fn) => path.startsWith(`packages/${fn.name}/`));
}
