/**
 * `edge deploy --rollback`: re-associates the versions of the deploy before the current one,
 * as recorded in `.edge/deployments/<stage>.json`. Nothing is built or published: the old
 * versions still exist (published versions are immutable), which is checked first.
 */
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { ToolsError } from '../errors.ts';
import type { Project } from '../project.ts';
import { isAwsError, translateAwsError } from './aws-errors.ts';
import { afterChange } from './deploy.ts';
import {
  associationsOf,
  checkAnswered,
  checkDistributionFits,
  readDistribution,
  sameAssociations,
  updateAssociations,
} from './distribution.ts';
import { appendHistory, historyPath, readHistory, rollbackTarget } from './history.ts';
import { renderAssociationDiff } from './plan.ts';
import {
  approve,
  type DeployDeps,
  type RunOptions,
  unchangedDistribution,
  uninterrupted,
} from './session.ts';
import { resolveStage } from './target.ts';

export interface RollbackResult {
  command: 'rollback';
  stage: string;
  distributionId: string;
  changed: boolean;
  /** The deploy restored: its time and its package name → versioned ARN. */
  restored?: { time: string; functions: Record<string, string> };
}

export async function rollback(
  project: Project,
  options: RunOptions,
  deps: DeployDeps,
): Promise<RollbackResult> {
  const { distributionId } = resolveStage(project, options.stage);
  const progress = { updated: false };
  return rollbackStage(project, options, deps, distributionId, progress).catch((error: unknown) => {
    throw progress.updated ? error : unchangedDistribution(error, distributionId);
  });
}

async function rollbackStage(
  project: Project,
  options: RunOptions,
  deps: DeployDeps,
  distributionId: string,
  progress: { updated: boolean },
): Promise<RollbackResult> {
  const { log, clients } = deps;
  const history = readHistory(project.root, options.stage);
  const found = rollbackTarget(history);
  if (!found) {
    throw new ToolsError(
      'deploy',
      `There is no earlier deploy of stage "${options.stage}" to roll back to.`,
      {
        hint:
          history.length === 0
            ? `${historyPath(project.root, options.stage)} does not exist: rollback needs the history that \`edge deploy\` writes there.`
            : 'Rollback restores the deploy before the current one; this stage has only one distinct deploy.',
      },
    );
  }
  const { record, index } = found;
  if (record.distributionId !== distributionId) {
    throw new ToolsError(
      'deploy',
      `The deploy to roll back to (${record.time}) went to distribution ${record.distributionId}, but stage "${options.stage}" now uses ${distributionId}.`,
      {
        hint: 'Deploy the stage normally instead; rollback only restores versions on the same distribution.',
      },
    );
  }
  log(`Rolling back stage "${options.stage}" on ${distributionId} to the deploy of ${record.time}`);
  for (const arn of new Set(record.associations.map((a) => a.arn))) {
    try {
      await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: arn }));
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) {
        throw new ToolsError('deploy', `Version ${arn} of that deploy no longer exists.`, {
          hint: `Deploy the code you want with \`edge deploy --stage ${options.stage}\` instead.`,
        });
      }
      throw translateAwsError(error, 'lambda:GetFunctionConfiguration');
    }
  }
  const snapshot = await readDistribution(clients.cloudFront, distributionId);
  checkDistributionFits(snapshot.config, distributionId, record.behaviors, record.associations);
  const current = associationsOf(snapshot.config, record.behaviors);
  log(`Associations on ${distributionId}:`);
  for (const line of renderAssociationDiff(current, record.associations)) log(line);
  const result: RollbackResult = {
    command: 'rollback',
    stage: options.stage,
    distributionId,
    changed: false,
    restored: { time: record.time, functions: record.functions },
  };
  if (options.dryRun) {
    log('Dry run: nothing was changed.');
    return result;
  }
  if (sameAssociations(current, record.associations)) {
    log('✔ Those versions are already associated; nothing was changed.');
    return result;
  }
  await approve(deps, options, `Re-associate these versions on ${distributionId}?`);
  const change = await uninterrupted(deps, async () => {
    const applied = await deps.step(`Updating ${distributionId}`, () =>
      updateAssociations(
        clients.cloudFront,
        distributionId,
        snapshot,
        record.behaviors,
        (config) => {
          checkDistributionFits(config, distributionId, record.behaviors, record.associations);
          return record.associations;
        },
        log,
      ),
    );
    progress.updated = true;
    appendHistory(project.root, options.stage, {
      kind: 'rollback',
      time: deps.now().toISOString(),
      distributionId,
      behaviors: record.behaviors,
      functions: record.functions,
      associations: record.associations,
      previous: applied.previous,
      changed: applied.changed,
      restoredIndex: index,
    });
    return applied;
  });
  checkAnswered(change, distributionId);
  await afterChange(change.changed, distributionId, options, deps);
  return { ...result, changed: change.changed };
}
