/**
 * `edge deploy`: build, check, plan, confirm, then publish the functions and associate their
 * versions with the distribution in one UpdateDistribution at the very end — a failure before
 * it leaves the distribution exactly as it was; published versions are harmless. CloudFront's
 * answer to the update is checked to carry what was sent, and the history records it.
 */
import { ToolsError } from '../errors.ts';
import type { Project } from '../project.ts';
import { EDGE_REGION } from './aws.ts';
import {
  type AssociationChange,
  associationsOf,
  checkAnswered,
  checkDistributionFits,
  keepForeign,
  sameAssociations,
  updateAssociations,
} from './distribution.ts';
import { codeForTargets } from './functions.ts';
import { appendHistory } from './history.ts';
import { createInvalidation, type Invalidation } from './invalidation.ts';
import { keepSourceMap } from './kept-source-maps.ts';
import { functionChanges, renderPlan, roleChanges } from './plan.ts';
import { associationsFor, type DeployPlan, planDeploy } from './planning.ts';
import { applyFunction } from './publish.ts';
import { type DeployResult, planReport } from './report.ts';
import { applyRole } from './role.ts';
import {
  approve,
  type BuiltArtifact,
  type DeployDeps,
  followHint,
  type RunOptions,
  unchangedDistribution,
  uninterrupted,
} from './session.ts';
import { type DeployTarget, resolveTarget } from './target.ts';
import { waitForInvalidation, waitUntilDeployed } from './waits.ts';

export type { DeployResult } from './report.ts';

export async function deploy(
  project: Project,
  options: RunOptions,
  deps: DeployDeps,
): Promise<DeployResult> {
  const { log } = deps;
  const target = resolveTarget(project, options.stage, { requireDistribution: !options.dryRun });
  const invalidate = options.invalidate ?? [];
  if (deps.configuredRegion) {
    log(
      `Note: your AWS configuration names ${deps.configuredRegion}; deploy uses ${EDGE_REGION}, the only region Lambda@Edge functions can be created in.`,
    );
  }
  const built = await deps.step('Building and size-checking the functions', () =>
    deps.build(project, options.stage),
  );
  const codes = await codeForTargets(project, target, built);

  log(
    `Deploying stage "${target.stage}" to distribution ${target.distributionId || '(not set)'} (${EDGE_REGION})`,
  );
  const plan = await deps
    .step('Reading the account, the role, the distribution and the functions', () =>
      planDeploy(target, codes, deps, { tolerant: options.dryRun, config: project.config }),
    )
    .catch((error: unknown) => {
      throw unchangedDistribution(error, target.distributionId);
    });
  renderPlan(target, plan, invalidate, log);

  const result: DeployResult = {
    command: 'deploy',
    stage: target.stage,
    distributionId: target.distributionId || null,
    dryRun: options.dryRun,
    plan: planReport(plan, invalidate),
    upToDate:
      plan.role.kind === 'existing' &&
      !roleChanges(plan.role) &&
      !plan.functionPlans.some(functionChanges) &&
      plan.current !== undefined &&
      sameAssociations(plan.current, plan.proposed),
    changed: false,
    versions: {},
  };
  if (options.dryRun) {
    log(result.upToDate ? 'Dry run: everything is up to date.' : 'Dry run: nothing was changed.');
    if (plan.unread.length > 0) {
      log('Not read from AWS, so the plan shows them as if they had to be created or changed:');
      for (const { what, reason } of plan.unread) log(`  ? ${what}: ${reason}`);
      for (const hint of new Set(plan.unread.flatMap((u) => (u.hint ? [u.hint] : [])))) {
        log(`  ${hint}`);
      }
    }
    return result;
  }
  if (result.upToDate && invalidate.length === 0) {
    log('✔ Everything is up to date; nothing was changed.');
    return { ...result, versions: Object.fromEntries(plan.planned) };
  }
  await approve(
    deps,
    options,
    result.upToDate
      ? `Invalidate these paths on ${target.distributionId}?`
      : `Publish these functions and update ${target.distributionId}?`,
  );

  let versions = Object.fromEntries(plan.planned);
  let changed = false;
  if (!result.upToDate) {
    versions = await publishAll(project, target, plan, built, deps).catch((error: unknown) => {
      throw unchangedDistribution(error, target.distributionId);
    });
    const change = await associate(project, target, plan, versions, deps);
    changed = true;
    await afterChange(change.changed, target.distributionId, options, deps);
  }
  // After the wait for Deployed (with --wait), so no edge still running the old functions
  // caches their responses again once the invalidation has passed.
  let invalidation: Invalidation | undefined;
  if (invalidate.length > 0) {
    invalidation = await deps.step(`Invalidating ${invalidate.join(' ')}`, () =>
      createInvalidation(deps.clients.cloudFront, target.distributionId, invalidate),
    );
    log(`✔ Invalidation ${invalidation.id} created (${invalidation.status}).`);
    if (options.wait) {
      await waitForInvalidation(deps, target.distributionId, invalidation.id);
      invalidation = { ...invalidation, status: 'Completed' };
    }
  }
  return { ...result, changed, versions, ...(invalidation ? { invalidation } : {}) };
}

/** The role, then every function, published; package name → versioned ARN. */
async function publishAll(
  project: Project,
  target: DeployTarget,
  plan: DeployPlan,
  built: BuiltArtifact[],
  deps: DeployDeps,
): Promise<Record<string, string>> {
  const roleArn = await deps.step(`Preparing the role ${plan.role.name}`, () =>
    applyRole(deps.clients.iam, plan.role, target.stage),
  );
  const maps = new Map(built.map((b) => [b.name, b.sourceMapPath]));
  const versions: Record<string, string> = {};
  for (const fnPlan of plan.functionPlans) {
    const arn = await applyFunction(deps, fnPlan, {
      roleArn,
      roleIsNew: plan.role.kind === 'create',
    });
    versions[fnPlan.target.name] = arn;
    const mapPath = maps.get(fnPlan.target.name);
    const version = arn.slice(arn.lastIndexOf(':') + 1);
    if (mapPath) keepSourceMap(project.root, mapPath, fnPlan.target.functionName, version);
    deps.log(`✔ ${fnPlan.target.functionName} → ${arn}`);
  }
  return versions;
}

/**
 * The one UpdateDistribution and the history entry recording it, together (Ctrl-C waits for
 * both). The history is written even when CloudFront's answer lacks what was sent, since the
 * update itself went through; the check then fails the deploy.
 */
async function associate(
  project: Project,
  target: DeployTarget,
  plan: DeployPlan,
  versions: Record<string, string>,
  deps: DeployDeps,
): Promise<AssociationChange> {
  const { snapshot } = plan;
  if (!snapshot) throw new ToolsError('deploy', 'The distribution was not read.');
  const wanted = associationsFor(target, new Map(Object.entries(versions)));
  const change = await uninterrupted(deps, async () => {
    const applied = await deps
      .step(`Updating ${target.distributionId}`, () =>
        updateAssociations(
          deps.clients.cloudFront,
          target.distributionId,
          snapshot,
          target.behaviors,
          (config) => {
            const desired = keepForeign(
              associationsOf(config, target.behaviors),
              wanted,
              plan.ours,
            );
            checkDistributionFits(config, target.distributionId, target.behaviors, desired);
            return desired;
          },
          deps.log,
        ),
      )
      .catch((error: unknown) => {
        throw unchangedDistribution(error, target.distributionId);
      });
    appendHistory(project.root, target.stage, {
      kind: 'deploy',
      time: deps.now().toISOString(),
      distributionId: target.distributionId,
      behaviors: target.behaviors,
      functions: versions,
      associations: applied.desired,
      previous: applied.previous,
      changed: applied.changed,
    });
    return applied;
  });
  checkAnswered(change, target.distributionId);
  return change;
}

export async function afterChange(
  changed: boolean,
  distributionId: string,
  options: RunOptions,
  deps: DeployDeps,
): Promise<void> {
  if (!changed) {
    deps.log(`✔ The associations on ${distributionId} were already in place.`);
    return;
  }
  deps.log(`✔ Updated ${distributionId}.`);
  if (options.wait) await waitUntilDeployed(deps, distributionId);
  else deps.log(followHint(distributionId));
}
