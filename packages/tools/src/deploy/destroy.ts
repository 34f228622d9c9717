/**
 * `edge destroy`: removes this stage's associations from the distribution. The functions stay:
 * Lambda refuses to delete them until CloudFront has removed their replicas, which happens on its
 * own hours after the last association goes (docs/cloudfront-rules.md#deploy-delete, "Deleting"),
 * so the commands to run later are printed instead.
 */
import { ToolsError } from '../errors.ts';
import type { Project } from '../project.ts';
import { EDGE_REGION } from './aws.ts';
import { afterChange } from './deploy.ts';
import {
  associationsOf,
  behaviorNames,
  checkAnswered,
  functionNameOfArn,
  isStageFunction,
  readDistribution,
  updateAssociations,
} from './distribution.ts';
import { appendHistory, readHistory } from './history.ts';
import { renderAssociationDiff } from './plan.ts';
import { approve, type DeployDeps, type RunOptions, uninterrupted } from './session.ts';
import { resolveStage } from './target.ts';

export interface DestroyResult {
  command: 'destroy';
  stage: string;
  distributionId: string;
  changed: boolean;
  /** The stage's Lambda functions, to delete once CloudFront has removed their replicas. */
  functionNames: string[];
}

export async function destroy(
  project: Project,
  options: RunOptions,
  deps: DeployDeps,
): Promise<DestroyResult> {
  const { log, clients } = deps;
  const { distributionId, functionNamePrefix } = resolveStage(project, options.stage);
  if (!functionNamePrefix) {
    throw new ToolsError(
      'deploy',
      `Stage "${options.stage}" has an empty functionNamePrefix, so its functions cannot be told apart from others on the distribution.`,
      { hint: 'Remove the associations by hand in the CloudFront console.' },
    );
  }
  // Ours: every association of the stage's functions, on any behavior.
  const ours = isStageFunction(functionNamePrefix);
  const snapshot = await readDistribution(clients.cloudFront, distributionId);
  const before = associationsOf(snapshot.config);
  const mine = before.filter((a) => ours(a.arn));
  const behaviors = [...new Set(mine.map((a) => a.behavior))];
  const functionNames = new Set(mine.map((a) => functionNameOfArn(a.arn)));
  for (const record of readHistory(project.root, options.stage)) {
    for (const arn of Object.values(record.functions)) {
      if (ours(arn)) functionNames.add(functionNameOfArn(arn));
    }
  }

  log(
    `Removing stage "${options.stage}" (functions ${functionNamePrefix}*) from ${distributionId}`,
  );
  const onBehaviors = (a: { behavior: string }) => behaviors.includes(a.behavior);
  // What stays on the behaviors we touch: other stages' associations.
  const after = before.filter((a) => onBehaviors(a) && !ours(a.arn));
  for (const line of renderAssociationDiff(before.filter(onBehaviors), after)) log(line);
  let changed = false;
  if (behaviors.length === 0) {
    log(`✔ ${distributionId} has no associations of this stage; nothing to remove.`);
  } else if (options.dryRun) {
    log('Dry run: nothing was changed.');
  } else {
    await approve(deps, options, `Remove these associations from ${distributionId}?`);
    const change = await uninterrupted(deps, async () => {
      const applied = await deps.step(`Updating ${distributionId}`, () =>
        updateAssociations(
          clients.cloudFront,
          distributionId,
          snapshot,
          behaviors,
          (config) =>
            associationsOf(
              config,
              behaviors.filter((b) => behaviorNames(config).includes(b)),
            ).filter((a) => !ours(a.arn)),
          log,
        ),
      );
      appendHistory(project.root, options.stage, {
        kind: 'destroy',
        time: deps.now().toISOString(),
        distributionId,
        behaviors,
        functions: {},
        associations: applied.desired,
        previous: applied.previous,
        changed: applied.changed,
      });
      return applied;
    });
    checkAnswered(change, distributionId);
    changed = change.changed;
    await afterChange(changed, distributionId, options, deps);
  }
  const names = [...functionNames].sort();
  if (names.length > 0 && !options.dryRun) {
    log(
      'The functions themselves are kept: Lambda refuses to delete a Lambda@Edge function until CloudFront has removed its replicas, which it does on its own, usually within a few hours of the last association going. Then run:',
    );
    for (const name of names) {
      log(`  aws lambda delete-function --region ${EDGE_REGION} --function-name ${name}`);
    }
  }
  return {
    command: 'destroy',
    stage: options.stage,
    distributionId,
    changed,
    functionNames: names,
  };
}
