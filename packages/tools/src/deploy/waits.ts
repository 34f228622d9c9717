/**
 * Every wait of a deploy: Lambda finishing a create, update or publish, CloudFront replicating
 * the distribution, an invalidation completing. Each is a bounded poll whose every call has the
 * clients' timeout, shown as one progress step, so a wait can end late but never hang.
 */
import { GetDistributionCommand, GetInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { ToolsError } from '../errors.ts';
import { awsCall } from './aws-errors.ts';
import type { DeployDeps } from './session.ts';

type Check<T> = () => Promise<{ done: true; value: T } | { done: false; status: string }>;

interface Poll {
  /** Most polls before giving up. */
  polls: number;
  intervalMs: number;
}

/** Polls `check` until it is done; returns undefined when the polls run out. */
async function pollUntil<T>(
  deps: Pick<DeployDeps, 'sleep'>,
  poll: Poll,
  status: (detail: string) => void,
  check: Check<T>,
): Promise<{ value: T } | undefined> {
  for (let attempt = 1; attempt <= poll.polls; attempt++) {
    const answer = await check();
    if (answer.done) return { value: answer.value };
    status(answer.status);
    if (attempt < poll.polls) await deps.sleep(poll.intervalMs);
  }
  return undefined;
}

const LAMBDA_WAIT: Poll = { polls: 150, intervalMs: 2_000 };

/**
 * Waits until Lambda reports the function (or one published version) Active with no update in
 * progress; a Failed state ends the deploy with Lambda's reason, before the distribution changes.
 */
export async function waitForFunction(
  deps: DeployDeps,
  name: string,
  what: 'created' | 'updated' | 'published',
  qualifier?: string,
): Promise<void> {
  const label = `Waiting for Lambda: ${name}${qualifier ? `:${qualifier}` : ''} ${what}`;
  const poll = { ...LAMBDA_WAIT, intervalMs: deps.waitIntervalMs ?? LAMBDA_WAIT.intervalMs };
  const done = await deps.step(label, (status) =>
    pollUntil(deps, poll, status, async () => {
      const fn = await awsCall('lambda:GetFunctionConfiguration', () =>
        deps.clients.lambda.send(
          new GetFunctionConfigurationCommand({
            FunctionName: name,
            ...(qualifier ? { Qualifier: qualifier } : {}),
          }),
        ),
      );
      const failed =
        fn.State === 'Failed'
          ? fn.StateReason
          : fn.LastUpdateStatus === 'Failed'
            ? fn.LastUpdateStatusReason
            : undefined;
      if (failed !== undefined) {
        throw new ToolsError('deploy', `Lambda reports ${name} Failed: ${failed || 'no reason'}`, {
          hint: 'Fix what Lambda names and deploy again; the distribution was not changed.',
        });
      }
      if (fn.State === 'Active' && fn.LastUpdateStatus !== 'InProgress') {
        return { done: true, value: true };
      }
      return {
        done: false,
        status: `state ${fn.State ?? 'unknown'}, last update ${fn.LastUpdateStatus ?? 'unknown'}`,
      };
    }),
  );
  if (!done) {
    throw new ToolsError(
      'deploy',
      `Lambda did not report ${name} ${what} within ${Math.round((poll.polls * poll.intervalMs) / 1000)} s.`,
      {
        hint: 'Look at the function in the Lambda console (us-east-1) for its state and reason, then deploy again; the distribution was not changed.',
      },
    );
  }
}

const DISTRIBUTION_WAIT: Poll = { polls: 90, intervalMs: 20_000 };

/** Polls GetDistribution until CloudFront reports Deployed (replication takes minutes). */
export async function waitUntilDeployed(deps: DeployDeps, distributionId: string): Promise<void> {
  const poll = {
    ...DISTRIBUTION_WAIT,
    intervalMs: deps.waitIntervalMs ?? DISTRIBUTION_WAIT.intervalMs,
  };
  const label = `Waiting for ${distributionId} to be Deployed (CloudFront replicates to its edge locations)`;
  const done = await deps.step(label, (status) =>
    pollUntil(deps, poll, status, async () => {
      const answer = await awsCall('cloudfront:GetDistribution', () =>
        deps.clients.cloudFront.send(new GetDistributionCommand({ Id: distributionId })),
      );
      const state = answer.Distribution?.Status ?? 'unknown';
      return state === 'Deployed'
        ? { done: true, value: true }
        : { done: false, status: `${distributionId}: ${state}` };
    }),
  );
  if (!done) {
    throw new ToolsError(
      'deploy',
      `${distributionId} was still not Deployed after ${Math.round((poll.polls * poll.intervalMs) / 60_000)} minutes.`,
      {
        hint: `The change is applied and still propagating; follow it with \`aws cloudfront wait distribution-deployed --id ${distributionId}\`.`,
      },
    );
  }
  deps.log(`✔ ${distributionId} is Deployed: the functions run at every edge location.`);
}

const INVALIDATION_WAIT: Poll = { polls: 90, intervalMs: 10_000 };

/** Polls GetInvalidation until CloudFront reports it Completed. */
export async function waitForInvalidation(
  deps: DeployDeps,
  distributionId: string,
  invalidationId: string,
): Promise<void> {
  const poll = {
    ...INVALIDATION_WAIT,
    intervalMs: deps.waitIntervalMs ?? INVALIDATION_WAIT.intervalMs,
  };
  const done = await deps.step(`Waiting for invalidation ${invalidationId}`, (status) =>
    pollUntil(deps, poll, status, async () => {
      const answer = await awsCall('cloudfront:GetInvalidation', () =>
        deps.clients.cloudFront.send(
          new GetInvalidationCommand({ DistributionId: distributionId, Id: invalidationId }),
        ),
      );
      const state = answer.Invalidation?.Status ?? 'unknown';
      return /^completed$/i.test(state)
        ? { done: true, value: true }
        : { done: false, status: state };
    }),
  );
  if (!done) {
    throw new ToolsError(
      'deploy',
      `Invalidation ${invalidationId} was still not Completed after ${Math.round((poll.polls * poll.intervalMs) / 60_000)} minutes.`,
      {
        hint: `It keeps running; follow it with \`aws cloudfront wait invalidation-completed --distribution-id ${distributionId} --id ${invalidationId}\`.`,
      },
    );
  }
  deps.log(`✔ Invalidation ${invalidationId} is Completed.`);
}
