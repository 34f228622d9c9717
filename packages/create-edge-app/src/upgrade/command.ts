/**
 * `create-edge-app upgrade`: bring a generated project up to this CLI's template without
 * losing its owner's edits. Phases: find the project and read its record, check
 * preconditions, decide everything (prepare.ts), show the plan, then apply it all at once
 * (apply.ts) with the new record and stored base, install, and say what to commit (finish.ts).
 *
 * Exit codes: 0 done (or nothing to do); 1 conflicts were left to resolve, or an error;
 * with --check, 2 when an upgrade is due.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { CliCancelled, CliError } from '../errors.ts';
import { BASE_FILE, encodeBase } from '../render/base.ts';
import { MANIFEST_FILE, manifestBytes } from '../render/manifest.ts';
import { type CancelScope, listenForCancel } from '../steps/cancel.ts';
import { type LoadedTemplate, loadTemplate } from '../template/template.ts';
import { GENERATOR_VERSION } from '../version.ts';
import { applyWrites, type FileWrite } from './apply.ts';
import type { UpgradeFlags } from './args.ts';
import { findProjectRoot } from './files.ts';
import { finishUpgrade } from './finish.ts';
import { inspectTree, refuseDirtyTree } from './git.ts';
import { changesAnything, type PlannedFile } from './plan.ts';
import { OURS_LABEL, prepareUpgrade } from './prepare.ts';
import { fetchPublishedTemplate, TemplateFetchError } from './published.ts';
import { compareVersions, type ProjectRecord, readRecord, refuseNewerGenerator } from './record.ts';
import { countActions, formatPlan, type PlanReport, planJson } from './report.ts';

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
 * vendor/ directory it names beside it) to upgrade to instead of this CLI's own, standing in
 * for a newer release of the CLI.
 */
export const TEMPLATE_OVERRIDE_ENV = 'CREATE_EDGE_APP_UPGRADE_TEMPLATE';

/**
 * A Ctrl-C while the upgrade is decided stops it before anything is written; one while it is
 * written is held until every file is in place (or back), and then stops the install.
 */
export async function upgrade(ctx: UpgradeContext): Promise<number> {
  const cancel = listenForCancel();
  try {
    return await runUpgrade(ctx, cancel);
  } finally {
    cancel.dispose();
  }
}

async function runUpgrade(ctx: UpgradeContext, cancel: CancelScope): Promise<number> {
  const { flags } = ctx;
  const root = findProjectRoot(resolve(ctx.cwd, flags.dir ?? '.'));
  const record = readRecord(root);
  refuseNewerGenerator(record, GENERATOR_VERSION);
  const changing = !flags.dryRun && !flags.check;
  if (changing && !flags.allowDirty) refuseDirtyTree(await inspectTree(root));
  refuseLeftoverConflicts(root, record);

  const prepared = await prepareUpgrade({
    root,
    record,
    template: () => upgradeTemplate(ctx.env),
    style: flags.conflict,
    fetchPublished: fetchOrExplain,
  });
  cancel.throwIfCancelled();
  const { plan } = prepared;
  const behind = compareVersions(record.generator.version, GENERATOR_VERSION) < 0;
  const newRecord = manifestBytes(
    record.answers,
    new Map([...prepared.next.files].map(([path, file]) => [path, file.bytes])),
    prepared.next.added,
  );
  const newBase = encodeBase(GENERATOR_VERSION, prepared.next.files);
  const bookkeepingCurrent =
    sameFile(join(root, MANIFEST_FILE), newRecord) && sameFile(join(root, BASE_FILE), newBase);
  const report: PlanReport = {
    project: root,
    name: record.answers.projectName,
    from: record.generator.version,
    to: GENERATOR_VERSION,
    due: changesAnything(plan) || behind,
    base: prepared.base,
    notes: prepared.notes,
    files: plan,
    orphans: prepared.orphans,
  };
  const out = (text: string) => ctx.stdout.write(text);
  if (flags.json) out(planJson(report));
  else out(formatPlan(report));

  if (flags.check) {
    if (!flags.json) {
      out(report.due ? 'An upgrade is due: run create-edge-app upgrade.\n' : 'Up to date.\n');
    }
    return report.due ? 2 : 0;
  }
  if (flags.dryRun) {
    if (!flags.json) out('Dry run: nothing was changed.\n');
    return 0;
  }
  if (!changesAnything(plan) && !behind && bookkeepingCurrent) {
    out('Nothing to do.\n');
    return 0;
  }
  if (ctx.interactive && !flags.yes && !(await confirmApply(countActions(plan)))) {
    throw new CliCancelled('Cancelled; nothing was changed.');
  }
  applyWrites(root, [
    ...planWrites(plan),
    { path: MANIFEST_FILE, bytes: newRecord },
    { path: BASE_FILE, bytes: newBase },
  ]);
  return finishUpgrade({ root, plan, prepared, flags, env: ctx.env, out, cancel });
}

/** The plan's files, each conflict's `.rej` (with --conflict rej), and old paths of moved files. */
function planWrites(plan: readonly PlannedFile[]): FileWrite[] {
  const writes: FileWrite[] = [];
  for (const file of plan) {
    if (file.action === 'keep') continue;
    if (file.movedFrom) writes.push({ path: file.movedFrom });
    writes.push({
      path: file.path,
      ...(file.result ? { bytes: file.result.bytes, executable: file.result.executable } : {}),
    });
    if (file.rejected) writes.push({ path: `${file.path}.rej`, bytes: Buffer.from(file.rejected) });
  }
  return writes;
}

function upgradeTemplate(env: NodeJS.ProcessEnv): LoadedTemplate {
  const override = env[TEMPLATE_OVERRIDE_ENV];
  // As build.mjs stores it: the tarballs it names are read from beside the JSON.
  return override ? loadTemplate(override) : loadTemplate();
}

/**
 * The last upgrade's conflicts must be resolved first: markers left in, or `.rej` files beside
 * the template's files (the only files an upgrade writes).
 */
function refuseLeftoverConflicts(root: string, record: ProjectRecord): void {
  const marker = `<<<<<<< ${OURS_LABEL}`;
  const left: string[] = [];
  for (const path of Object.keys(record.files)) {
    if (existsSync(join(root, `${path}.rej`))) left.push(`${path}.rej`);
    try {
      if (readFileSync(join(root, path)).includes(marker)) left.push(path);
    } catch {
      // Deleted by the owner, or a directory now: nothing left over there.
    }
  }
  if (left.length > 0) {
    throw new CliError(
      'unresolved-conflicts',
      `Conflicts from the last upgrade are not resolved yet: ${left.join(', ')}.`,
      {
        hint: `Resolve them (the regions between "${marker}" and ">>>>>>>", or what each .rej holds, then delete it), commit, then run upgrade again.`,
      },
    );
  }
}

function sameFile(path: string, bytes: Buffer): boolean {
  return existsSync(path) && readFileSync(path).equals(bytes);
}

async function fetchOrExplain(version: string): Promise<LoadedTemplate> {
  try {
    return await fetchPublishedTemplate(`create-edge-app@${version}`);
  } catch (error) {
    if (error instanceof TemplateFetchError) throw new Error(error.message);
    throw error;
  }
}

async function confirmApply(summary: string): Promise<boolean> {
  const clack = await import('@clack/prompts');
  const answer = await clack.confirm({ message: `Apply the upgrade (${summary})?` });
  return answer === true;
}
