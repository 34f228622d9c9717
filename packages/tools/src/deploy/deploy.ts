/**
 * `edge deploy`: build, check, plan, confirm, then publish the functions and associate their
 * versions with the distribution in one UpdateDistribution at the very end — a failure before
 * it leaves the distribution exactly as it was; published versions are harmless.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { resolveLimits } from '@edge-app/runtime';
import { ToolsError } from '../errors.ts';
import type { Project } from '../project.ts';
import { EDGE_REGION } from './aws.ts';
import { awsCall } from './aws-errors.ts';
import {
  type AssociationRecord,
  associationsOf,
  checkDistributionFits,
  isStageFunction,
  keepForeign,
  readDistribution,
  sameAssociations,
  updateAssociations,
  waitUntilDeployed,
} from './distribution.ts';
import { type BuiltCode, codeOf, type FunctionPlan, planFunction } from './functions.ts';
import { appendHistory } from './history.ts';
import {
  functionChanges,
  plannedArn,
  renderAssociationDiff,
  renderFunction,
  renderRole,
} from './plan.ts';
import { applyFunction } from './publish.ts';
import { applyRole, planRole } from './role.ts';
import {
  approve,
  type DeployDeps,
  followHint,
  type RunOptions,
  unchangedDistribution,
} from './session.ts';
import { type DeployTarget, resolveTarget } from './target.ts';

export interface DeployResult {
  /** Nothing needed changing (or --dry-run). */
  changed: boolean;
  /** Package name → versioned ARN now associated (empty for --dry-run). */
  versions: Record<string, string>;
}

export async function deploy(
  project: Project,
  options: RunOptions,
  deps: DeployDeps,
): Promise<DeployResult> {
  const { log, clients } = deps;
  const target = resolveTarget(project, options.stage);
  if (deps.configuredRegion) {
    log(
      `Note: your AWS configuration names ${deps.configuredRegion}; deploy uses ${EDGE_REGION}, the only region Lambda@Edge functions can be created in.`,
    );
  }
  const built = await deps.build(project, options.stage);
  const codes = await codeForTargets(project, target, built);

  log(
    `Deploying stage "${target.stage}" to distribution ${target.distributionId} (${EDGE_REGION})`,
  );
  const { role, snapshot, functionPlans, planned, current, proposed, ours } = await planDeploy(
    target,
    codes,
    deps,
  ).catch((error: unknown) => {
    throw unchangedDistribution(error, target.distributionId);
  });

  log(renderRole(role));
  log('Functions:');
  for (const plan of functionPlans) for (const line of renderFunction(plan)) log(line);
  if (target.unassociated.length > 0) {
    log(`  not deployed (no association in edge.config.ts): ${target.unassociated.join(', ')}`);
  }
  log(`Associations on ${target.distributionId}:`);
  for (const line of renderAssociationDiff(current, proposed)) log(line);

  const anything =
    role.kind === 'create' ||
    functionPlans.some(functionChanges) ||
    !sameAssociations(current, proposed);
  if (options.dryRun) {
    log(anything ? 'Dry run: nothing was changed.' : 'Dry run: everything is up to date.');
    return { changed: false, versions: {} };
  }
  if (!anything) {
    log('✔ Everything is up to date; nothing was changed.');
    return { changed: false, versions: Object.fromEntries(planned) };
  }
  await approve(deps, options, `Publish these functions and update ${target.distributionId}?`);

  const versions: Record<string, string> = {};
  try {
    const arn = await applyRole(clients.iam, role, target.stage);
    for (const plan of functionPlans) {
      versions[plan.target.name] = await applyFunction(clients.lambda, plan, {
        roleArn: arn,
        roleIsNew: role.kind === 'create',
        sleep: deps.sleep,
        log,
      });
      log(`✔ ${plan.target.functionName} → ${versions[plan.target.name]}`);
    }
  } catch (error) {
    throw unchangedDistribution(error, target.distributionId);
  }
  const wanted = associationsFor(target, new Map(Object.entries(versions)));
  let desired = wanted;
  const change = await updateAssociations(
    clients.cloudFront,
    target.distributionId,
    snapshot,
    target.behaviors,
    (config) => {
      desired = keepForeign(associationsOf(config, target.behaviors), wanted, ours);
      checkDistributionFits(config, target.distributionId, target.behaviors, desired);
      return desired;
    },
    log,
  ).catch((error: unknown) => {
    throw unchangedDistribution(error, target.distributionId);
  });
  appendHistory(project.root, target.stage, {
    kind: 'deploy',
    time: deps.now().toISOString(),
    distributionId: target.distributionId,
    behaviors: target.behaviors,
    functions: versions,
    associations: desired,
    previous: change.previous,
    changed: change.changed,
  });
  await afterChange(change.changed, target.distributionId, options, deps);
  return { changed: true, versions };
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
  if (options.wait) {
    await waitUntilDeployed(deps.clients.cloudFront, distributionId, {
      sleep: deps.sleep,
      log: deps.log,
      ...(deps.waitIntervalMs !== undefined ? { intervalMs: deps.waitIntervalMs } : {}),
    });
  } else {
    deps.log(followHint(distributionId));
  }
}

/** Read-only: who is deploying, the role, the distribution and each function as they are now. */
async function planDeploy(target: DeployTarget, codes: Map<string, BuiltCode>, deps: DeployDeps) {
  const { log, clients } = deps;
  const identity = await awsCall('sts:GetCallerIdentity', () =>
    clients.sts.send(new GetCallerIdentityCommand({})),
  );
  log(`Account ${identity.Account} as ${identity.Arn}`);
  const role = await planRole(clients.iam, target, log);
  const roleArn = role.kind === 'existing' ? role.arn : undefined;
  const snapshot = await readDistribution(clients.cloudFront, target.distributionId);
  const functionPlans: FunctionPlan[] = [];
  for (const fn of target.functions) {
    const code = codes.get(fn.name);
    if (code) functionPlans.push(await planFunction(clients.lambda, fn, code, roleArn));
  }
  const planned = new Map(functionPlans.map((p) => [p.target.name, plannedArn(p)]));
  const current = associationsOf(snapshot.config, target.behaviors);
  const ours = isStageFunction(target.functionNamePrefix);
  const proposed = keepForeign(current, associationsFor(target, planned), ours);
  checkDistributionFits(snapshot.config, target.distributionId, target.behaviors, proposed);

  return { role, snapshot, functionPlans, planned, current, proposed, ours };
}

function associationsFor(target: DeployTarget, arns: Map<string, string>): AssociationRecord[] {
  return target.associations.map((a) => ({
    behavior: a.behavior,
    eventType: a.eventType,
    arn: arns.get(a.function) ?? '',
    includeBody: a.includeBody,
  }));
}

/** Zips of the functions to deploy, checked against the zipped-size limit of their event type. */
async function codeForTargets(
  project: Project,
  target: DeployTarget,
  built: Array<{ name: string; zipPath: string }>,
): Promise<Map<string, BuiltCode>> {
  const byName = new Map(built.map((b) => [b.name, b]));
  const codes = new Map<string, BuiltCode>();
  for (const fn of target.functions) {
    const artifact = byName.get(fn.name);
    if (!artifact) {
      throw new ToolsError('deploy', `The build produced no zip for "${fn.name}".`, {
        hint: 'Run `pnpm build` and fix what it reports; nothing was sent to AWS.',
      });
    }
    const code = await codeOf(artifact.zipPath);
    const limit = resolveLimits(
      fn.eventType,
      project.config.profile ?? 'strict',
      project.config.limits,
    ).zipBytes;
    if (code.zipBytes > limit) {
      throw new ToolsError(
        'deploy',
        `${fn.name} is ${code.zipBytes} bytes zipped; ${fn.eventType} functions may be at most ${limit} bytes (CloudFront refuses larger ones at association).`,
        {
          hint: 'Run `pnpm size` to see what contributes most and trim it; nothing was sent to AWS.',
        },
      );
    }
    codes.set(fn.name, code);
  }
  return codes;
}
