/**
 * After the upgrade is written: conflicts are listed (and marked unmerged in git's index), or
 * `pnpm install` runs so that the lockfile matches the new package.json files and tarballs
 * (`--frozen-lockfile` passes afterwards); then what to commit.
 */
import { CliCancelled, CliError } from '../errors.ts';
import { BASE_FILE } from '../render/base.ts';
import { MANIFEST_FILE } from '../render/manifest.ts';
import type { CancelScope } from '../steps/cancel.ts';
import { installDependencies, pnpmCommand } from '../steps/install.ts';
import { GENERATOR_VERSION } from '../version.ts';
import type { UpgradeFlags } from './args.ts';
import { markConflictsUnmerged } from './conflict-index.ts';
import { inspectTree } from './git.ts';
import type { PlannedFile } from './plan.ts';
import type { PreparedUpgrade } from './prepare.ts';
import { conflictSummary, countActions } from './report.ts';

export async function finishUpgrade(input: {
  root: string;
  plan: readonly PlannedFile[];
  prepared: PreparedUpgrade;
  flags: UpgradeFlags;
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  cancel: CancelScope;
}): Promise<number> {
  const { root, plan, flags, out, cancel } = input;
  out(
    plan.length > 0
      ? `Upgraded to create-edge-app ${GENERATOR_VERSION}: ${countActions(plan)}.\n`
      : `No file changes; recorded ${GENERATOR_VERSION} in ${MANIFEST_FILE} and stored the merge base for the next upgrade in ${BASE_FILE}.\n`,
  );
  const pnpm = pnpmCommand(input.env);
  const conflicts = conflictSummary(plan, flags.conflict);
  if (conflicts) {
    out(conflicts);
    if (flags.conflict === 'inline') {
      const unmarked = await markConflictsUnmerged(root, plan);
      if (unmarked) out(`  note: git's index could not mark them as unmerged (${unmarked}).\n`);
    }
    if (flags.install) {
      out(
        `Once they are resolved, run \`${pnpm.display} install\` so that the lockfile matches.\n`,
      );
    }
    return 1;
  }
  if (flags.install) {
    out(`Installing dependencies (${pnpm.display} install)...\n`);
    await install(root, pnpm, cancel);
  }
  const inGit = (await inspectTree(root)).kind !== 'not-a-repository';
  const lockfile = flags.install ? ', pnpm-lock.yaml' : '';
  out(
    inGit
      ? `Review the changes (git diff) and commit all of them, ${MANIFEST_FILE}, ${BASE_FILE}${lockfile} included:\n  git add -A && git commit -m "Upgrade to create-edge-app ${GENERATOR_VERSION}"\n`
      : `Keep ${MANIFEST_FILE} and ${BASE_FILE} with the project: the next upgrade merges from them.\n`,
  );
  if (!flags.install) {
    out(`Run \`${pnpm.display} install\` so that the lockfile matches, before committing.\n`);
  }
  return 0;
}

async function install(
  root: string,
  pnpm: ReturnType<typeof pnpmCommand>,
  cancel: CancelScope,
): Promise<void> {
  // The upgrade changed package.json files and tarballs, so the lockfile has to change with
  // them, also where pnpm would keep it frozen (it does by default when CI is set).
  const unfrozen = { ...pnpm, prefix: [...pnpm.prefix, '--no-frozen-lockfile'] };
  try {
    cancel.throwIfCancelled();
    await installDependencies(root, unfrozen, cancel.signal);
  } catch (error) {
    if (error instanceof CliCancelled) {
      throw new CliCancelled(
        `The upgrade is written; ${pnpm.display} install was cancelled. Run it, then commit.`,
      );
    }
    if (error instanceof CliError) {
      throw new CliError('install-failed', `The upgrade is written, but ${error.message}`, {
        hint: `Fix the problem shown above, run \`${pnpm.display} install\`, then commit.`,
        cause: error,
      });
    }
    throw error;
  }
}
