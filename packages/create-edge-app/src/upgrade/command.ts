/**
 * `create-edge-app upgrade`: bring a generated project up to this CLI's template without
 * losing its owner's edits. Phases: read the record, check preconditions, get the old and the
 * new rendering (base.ts, render.ts), plan file by file (plan.ts, merge.ts), show the plan,
 * then apply it all at once (apply.ts) and rewrite the record and the stored base.
 *
 * Exit codes: 0 done (or nothing to do); 1 conflicts were left to resolve, or an error;
 * with --check, 2 when an upgrade is due.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { CliCancelled, CliError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { MANIFEST_FILE } from '../render/manifest.ts';
import { type LoadedTemplate, loadTemplate } from '../template/template.ts';
import { GENERATOR_VERSION } from '../version.ts';
import { applyWrites, type FileWrite } from './apply.ts';
import type { UpgradeFlags } from './args.ts';
import { type BaseSource, resolveBase } from './base.ts';
import { markConflictsUnmerged } from './conflict-index.ts';
import { type FileSet, readFileSet } from './files.ts';
import { inspectTree, refuseDirtyTree } from './git.ts';
import { mergeFile, resolvePlan } from './merge.ts';
import { changesAnything, classify, type PlannedFile } from './plan.ts';
import { fetchPublishedTemplate, TemplateFetchError } from './published.ts';
import { compareVersions, type ProjectRecord, readRecord, refuseNewerGenerator } from './record.ts';
import { renderWithAnswers } from './render.ts';
import { conflictSummary, countActions, formatPlan } from './report.ts';
import { encodeSnapshot, SNAPSHOT_FILE } from './snapshot.ts';

export interface UpgradeContext {
  flags: UpgradeFlags;
  cwd: string;
  /** A terminal on stdin: ask before applying unless --yes. */
  interactive: boolean;
  stdout: Writable;
  env: NodeJS.ProcessEnv;
}

/**
 * Test hook: a packed template (the JSON build.mjs writes as dist/template.json, with the
 * vendor/ directory it names beside it, or one JSON holding every file) to upgrade to instead
 * of this CLI's own, standing in for a newer release of the CLI.
 */
export const TEMPLATE_OVERRIDE_ENV = 'CREATE_EDGE_APP_UPGRADE_TEMPLATE';

/** The first line of a conflict region, as mergeFile labels it; also how leftovers are found. */
const OURS_LABEL = 'your version';

const SOURCE_NAMES: Record<BaseSource, string> = {
  snapshot: `stored in ${SNAPSHOT_FILE}`,
  'this-version': 'rendered from this CLI’s template',
  npm: 'rendered from the package on npm',
};

export async function upgrade(ctx: UpgradeContext): Promise<number> {
  const { flags } = ctx;
  const root = resolve(ctx.cwd, flags.dir ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new CliError('not-a-project', `${root} is not a directory.`, {
      hint: 'Give the path of the project to upgrade.',
    });
  }
  const record = readRecord(root);
  refuseNewerGenerator(record, GENERATOR_VERSION);
  if (!flags.dryRun && !flags.check && !flags.allowDirty) refuseDirtyTree(await inspectTree(root));

  // Loaded at most once: both the base (same version) and the new rendering may need it.
  let own: LoadedTemplate | undefined;
  const ownTemplate = () => (own ??= loadTemplate());
  const base = await resolveBase({
    root,
    record,
    cliVersion: GENERATOR_VERSION,
    ownTemplate,
    fetchPublished: fetchOrExplain,
  }).catch(rethrowRenderError);
  const next = await renderWithAnswers(upgradeTemplate(ctx.env, ownTemplate), record.answers).catch(
    rethrowRenderError,
  );
  const owner = readFileSet(
    root,
    new Set([...base.files.keys(), ...next.keys(), ...Object.keys(record.files)]),
  );
  refuseLeftoverConflicts(owner);

  const from = record.generator.version;
  const plan = await planUpgrade({
    base: base.files,
    owner,
    next,
    record,
    baseExact: base.source !== 'npm',
    from,
  });
  const out = (text: string) => ctx.stdout.write(text);
  out(
    `Upgrade ${record.answers.projectName}: create-edge-app ${from} → ${GENERATOR_VERSION} (merge base ${SOURCE_NAMES[base.source]})\n`,
  );
  for (const note of base.notes) out(`  note: ${note}\n`);
  out(formatPlan(plan));

  const behind = compareVersions(from, GENERATOR_VERSION) < 0;
  if (flags.check) {
    const due = changesAnything(plan) || behind;
    out(due ? 'An upgrade is due: run create-edge-app upgrade.\n' : 'Up to date.\n');
    return due ? 2 : 0;
  }
  if (flags.dryRun) {
    out('Dry run: nothing was changed.\n');
    return 0;
  }
  const snapshot = encodeSnapshot(GENERATOR_VERSION, next);
  const snapshotCurrent = sameFile(join(root, SNAPSHOT_FILE), snapshot);
  if (!changesAnything(plan) && !behind && snapshotCurrent) {
    out('Nothing to do.\n');
    return 0;
  }
  if (ctx.interactive && !flags.yes && !(await confirmApply(countActions(plan)))) {
    throw new CliCancelled('Cancelled; nothing was changed.');
  }

  applyPlan(root, plan, { record, owner, next, snapshot });

  out(
    plan.length > 0
      ? `Upgraded to create-edge-app ${GENERATOR_VERSION}: ${countActions(plan)}.\n`
      : `No file changes; recorded ${GENERATOR_VERSION} in ${MANIFEST_FILE} and stored the merge base for the next upgrade in ${SNAPSHOT_FILE}.\n`,
  );
  const conflicts = conflictSummary(plan);
  if (conflicts) {
    out(conflicts);
    const unmarked = await markConflictsUnmerged(root, plan);
    if (unmarked) out(`  note: git's index could not mark them as unmerged (${unmarked}).\n`);
    return 1;
  }
  out('Review the changes (git diff) and commit them.\n');
  return 0;
}

export async function planUpgrade(input: {
  base: FileSet;
  owner: FileSet;
  next: FileSet;
  record: ProjectRecord;
  baseExact: boolean;
  from: string;
}): Promise<PlannedFile[]> {
  const decisions = classify({
    base: input.base,
    owner: input.owner,
    next: input.next,
    recorded: input.record.files,
    baseExact: input.baseExact,
  });
  const labels = {
    ours: OURS_LABEL,
    base: `create-edge-app ${input.from} template`,
    theirs: `create-edge-app ${GENERATOR_VERSION} template`,
  };
  return resolvePlan(decisions, (sides) => mergeFile(sides, labels));
}

/** Every change of the plan, the new record and the new stored base, all or nothing. */
function applyPlan(
  root: string,
  plan: readonly PlannedFile[],
  state: { record: ProjectRecord; owner: FileSet; next: FileSet; snapshot: Buffer },
): void {
  const writes: FileWrite[] = plan
    .filter((file) => file.action !== 'keep')
    .map((file) => ({
      path: file.path,
      ...(file.result ? { bytes: file.result.bytes, executable: file.result.executable } : {}),
    }));
  const updated: ProjectRecord = {
    ...state.record,
    generator: { name: state.record.generator.name, version: GENERATOR_VERSION },
    files: recordedHashes(plan, state.owner, state.next),
  };
  writes.push(
    { path: MANIFEST_FILE, bytes: Buffer.from(`${JSON.stringify(updated, null, 2)}\n`) },
    { path: SNAPSHOT_FILE, bytes: state.snapshot },
  );
  applyWrites(root, writes);
}

/**
 * The hashes of what each template file holds after the upgrade. A file the owner deleted
 * keeps a hash (of the template's version), so the next upgrade knows it was generated and
 * leaves it deleted rather than adding it again.
 */
function recordedHashes(
  plan: readonly PlannedFile[],
  owner: FileSet,
  next: FileSet,
): Record<string, string> {
  const results = new Map(plan.map((file) => [file.path, file]));
  const files: Record<string, string> = {};
  for (const [path, template] of [...next].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const planned = results.get(path);
    const final = planned?.result ?? owner.get(path) ?? template;
    files[path] = sha256(final.bytes);
  }
  return files;
}

function upgradeTemplate(
  env: NodeJS.ProcessEnv,
  ownTemplate: () => LoadedTemplate,
): LoadedTemplate {
  const override = env[TEMPLATE_OVERRIDE_ENV];
  if (!override) return ownTemplate();
  // As build.mjs stores it: the tarballs it names are read from beside the JSON.
  return loadTemplate(override);
}

function refuseLeftoverConflicts(owner: FileSet): void {
  const marker = `<<<<<<< ${OURS_LABEL}`;
  const left = [...owner].filter(([, file]) => file.bytes.includes(marker)).map(([path]) => path);
  if (left.length > 0) {
    throw new CliError(
      'unresolved-conflicts',
      `Conflicts from the last upgrade are not resolved yet: ${left.join(', ')}.`,
      {
        hint: `Resolve them (the regions between "${marker}" and ">>>>>>>"), commit, then run upgrade again.`,
      },
    );
  }
}

function sameFile(path: string, bytes: Buffer): boolean {
  return existsSync(path) && readFileSync(path).equals(bytes);
}

async function fetchOrExplain(spec: string): Promise<LoadedTemplate> {
  try {
    return await fetchPublishedTemplate(spec);
  } catch (error) {
    if (!(error instanceof TemplateFetchError)) throw error;
    throw new CliError(
      'base-unavailable',
      `Cannot get the template this project was generated from: ${error.message}. It is needed as the base of the 3-way merge, since the project has no stored base (${SNAPSHOT_FILE}).`,
      { hint: 'Check your network and npm registry settings and run upgrade again.' },
    );
  }
}

/** The recorded answers can name a starter that the template no longer has. */
function rethrowRenderError(error: unknown): never {
  if (error instanceof CliError) {
    throw new CliError(
      'template',
      `Rendering the template with the answers in ${MANIFEST_FILE} failed: ${error.message}`,
      {
        hint: `${error.hint ? `${error.hint} ` : ''}Change that answer in ${MANIFEST_FILE} ("answers") to one this version has, commit, and run upgrade again.`,
      },
    );
  }
  throw error;
}

async function confirmApply(summary: string): Promise<boolean> {
  const clack = await import('@clack/prompts');
  const answer = await clack.confirm({ message: `Apply the upgrade (${summary})?` });
  return answer === true;
}
