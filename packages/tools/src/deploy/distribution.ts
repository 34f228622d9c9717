/**
 * The distribution side: reading associations, building the one full DistributionConfig that
 * changes them, and sending it with the ETag it was read with. UpdateDistribution replaces the
 * whole config, so everything but LambdaFunctionAssociations is sent back exactly as read
 * (docs/cloudfront-rules.md#deploy-update-distribution, "UpdateDistribution").
 */
import {
  type CloudFrontClient,
  type DistributionConfig,
  GetDistributionConfigCommand,
  type LambdaFunctionAssociation,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { EVENT_TYPES, type EventType } from '@edge-app/events';
import { ToolsError } from '../errors.ts';
import { awsCall, isAwsError, translateAwsError, unreachableEndpoint } from './aws-errors.ts';
import { UpdateOutcomeUnknown } from './session.ts';
import { DEFAULT_BEHAVIOR } from './target.ts';

export interface AssociationRecord {
  behavior: string;
  eventType: EventType;
  /** Versioned function ARN. */
  arn: string;
  includeBody: boolean;
}

export interface DistributionSnapshot {
  config: DistributionConfig;
  etag: string;
}

type BehaviorLike = Pick<
  NonNullable<DistributionConfig['DefaultCacheBehavior']>,
  'LambdaFunctionAssociations' | 'FunctionAssociations'
>;

export async function readDistribution(
  cloudFront: CloudFrontClient,
  id: string,
): Promise<DistributionSnapshot> {
  const answer = await awsCall('cloudfront:GetDistributionConfig', () =>
    cloudFront.send(new GetDistributionConfigCommand({ Id: id })),
  );
  if (!answer.DistributionConfig || !answer.ETag) {
    throw new ToolsError('deploy', `CloudFront returned no configuration or ETag for ${id}.`);
  }
  return { config: answer.DistributionConfig, etag: answer.ETag };
}

/** Path patterns of the distribution's behaviors, the default one as DEFAULT_BEHAVIOR. */
export function behaviorNames(config: DistributionConfig): string[] {
  const named = (config.CacheBehaviors?.Items ?? []).map((b) => b.PathPattern ?? '');
  return config.DefaultCacheBehavior ? [DEFAULT_BEHAVIOR, ...named] : named;
}

function behaviorOf(config: DistributionConfig, behavior: string): BehaviorLike | undefined {
  if (behavior === DEFAULT_BEHAVIOR) return config.DefaultCacheBehavior;
  return config.CacheBehaviors?.Items?.find((b) => b.PathPattern === behavior);
}

export function associationsOf(
  config: DistributionConfig,
  behaviors: string[] = behaviorNames(config),
): AssociationRecord[] {
  const records: AssociationRecord[] = [];
  for (const behavior of behaviors) {
    for (const item of behaviorOf(config, behavior)?.LambdaFunctionAssociations?.Items ?? []) {
      records.push({
        behavior,
        eventType: item.EventType as EventType,
        arn: item.LambdaFunctionARN ?? '',
        includeBody: item.IncludeBody === true,
      });
    }
  }
  return sortRecords(records);
}

/**
 * Checks that must pass before the distribution is touched: every configured behavior exists, and
 * no viewer event would mix a CloudFront Function with Lambda@Edge
 * (docs/cloudfront-rules.md#deploy-associations, "Per-behavior rules").
 */
export function checkDistributionFits(
  config: DistributionConfig,
  distributionId: string,
  behaviors: string[],
  desired: AssociationRecord[],
): void {
  const existing = new Set(behaviorNames(config));
  const missing = behaviors.filter((b) => !existing.has(b));
  if (missing.length > 0) {
    throw new ToolsError(
      'deploy',
      `Distribution ${distributionId} has no cache behavior for ${missing.map((m) => `"${m}"`).join(', ')}, which edge.config.ts configures.`,
      {
        hint: `Add the behavior to the distribution (console or infrastructure code) or remove it from edge.config.ts; its behaviors are: ${[...existing].join(', ') || 'none'}.`,
      },
    );
  }
  for (const behavior of behaviors) {
    const cloudFrontFunctions = behaviorOf(config, behavior)?.FunctionAssociations?.Items ?? [];
    const viewerLambda = desired.filter(
      (d) => d.behavior === behavior && d.eventType.startsWith('viewer-'),
    );
    if (cloudFrontFunctions.length > 0 && viewerLambda.length > 0) {
      throw new ToolsError(
        'deploy',
        `Behavior ${behavior} of ${distributionId} has a CloudFront Function, and edge.config.ts puts a Lambda@Edge function on ${viewerLambda.map((v) => v.eventType).join(', ')}: CloudFront does not allow both on viewer events.`,
        {
          hint: 'Move the Lambda@Edge function to an origin event, or remove the CloudFront Function from the behavior.',
        },
      );
    }
  }
}

/** A copy of `config` whose listed behaviors carry exactly `desired`; the rest is untouched. */
export function withAssociations(
  config: DistributionConfig,
  behaviors: string[],
  desired: AssociationRecord[],
): DistributionConfig {
  const next = structuredClone(config);
  for (const behavior of behaviors) {
    const target = behaviorOf(next, behavior);
    if (!target) continue;
    const items: LambdaFunctionAssociation[] = sortRecords(
      desired.filter((d) => d.behavior === behavior),
    ).map((d) => ({
      LambdaFunctionARN: d.arn,
      EventType: d.eventType,
      IncludeBody: d.includeBody,
    }));
    target.LambdaFunctionAssociations = { Quantity: items.length, Items: items };
  }
  return next;
}

/**
 * What the touched behaviors should carry: the wanted associations, plus those already there
 * that belong to someone else (their function is not ours) on an event type nothing wanted
 * claims — so deploy never silently drops another team's trigger.
 */
export function keepForeign(
  current: AssociationRecord[],
  wanted: AssociationRecord[],
  isOurs: (arn: string) => boolean,
): AssociationRecord[] {
  const claimed = new Set(wanted.map((w) => `${w.behavior} ${w.eventType}`));
  const foreign = current.filter(
    (c) => !isOurs(c.arn) && !claimed.has(`${c.behavior} ${c.eventType}`),
  );
  return sortRecords([...wanted, ...foreign]);
}

export function sameAssociations(a: AssociationRecord[], b: AssociationRecord[]): boolean {
  const key = (records: AssociationRecord[]) =>
    JSON.stringify(
      sortRecords(records).map((r) => [r.behavior, r.eventType, r.arn, r.includeBody]),
    );
  return key(a) === key(b);
}

function sortRecords(records: AssociationRecord[]): AssociationRecord[] {
  return [...records].sort(
    (a, b) =>
      a.behavior.localeCompare(b.behavior) ||
      EVENT_TYPES.indexOf(a.eventType) - EVENT_TYPES.indexOf(b.eventType),
  );
}

export interface AssociationChange {
  /** Associations of the touched behaviors as they were before the change. */
  previous: AssociationRecord[];
  changed: boolean;
  /** What was sent for the touched behaviors. */
  desired: AssociationRecord[];
  /** What CloudFront's answer carries for them: equal to `desired` unless something dropped them. */
  answered: AssociationRecord[];
}

/**
 * Sends one UpdateDistribution with the full config and IfMatch. When the ETag went stale
 * (someone changed the distribution since it was read), re-reads and re-applies once more.
 * `compute` returns the associations wanted on `behaviors` given the current config.
 */
export async function updateAssociations(
  cloudFront: CloudFrontClient,
  distributionId: string,
  snapshot: DistributionSnapshot,
  behaviors: string[],
  compute: (config: DistributionConfig) => AssociationRecord[],
  log: (line: string) => void,
): Promise<AssociationChange> {
  let current = snapshot;
  for (let attempt = 1; ; attempt++) {
    const previous = associationsOf(current.config, behaviors);
    const desired = compute(current.config);
    if (sameAssociations(previous, desired)) {
      return { previous, changed: false, desired, answered: previous };
    }
    const next = withAssociations(current.config, behaviors, desired);
    let config: DistributionConfig | undefined;
    try {
      const answer = await cloudFront.send(
        new UpdateDistributionCommand({
          Id: distributionId,
          IfMatch: current.etag,
          DistributionConfig: next,
        }),
      );
      config = answer.Distribution?.DistributionConfig;
    } catch (error) {
      if (attempt === 1 && isAwsError(error, 'PreconditionFailed', 'InvalidIfMatchVersion')) {
        log(`  ${distributionId} changed since it was read; reading it again and re-applying.`);
        current = await readDistribution(cloudFront, distributionId);
        continue;
      }
      if (isAwsError(error, 'PreconditionFailed', 'InvalidIfMatchVersion')) {
        throw new ToolsError(
          'deploy',
          `Distribution ${distributionId} kept changing while deploy tried to update it.`,
          {
            hint: 'Another deploy or a console edit is in progress; wait for it to finish and run the command again. The distribution was not changed by this run.',
          },
        );
      }
      throw updateFailure(error, distributionId);
    }
    // The answer is the configuration CloudFront now holds; read it back if it sent none.
    config ??= (await readDistribution(cloudFront, distributionId)).config;
    return { previous, changed: true, desired, answered: associationsOf(config, behaviors) };
  }
}

/**
 * An update whose answer never came may or may not have been applied: say so, rather than
 * claiming the distribution is unchanged.
 */
function updateFailure(error: unknown, distributionId: string): unknown {
  const unreachable = unreachableEndpoint(error, 'cloudfront:UpdateDistribution');
  if (!unreachable) return translateAwsError(error, 'cloudfront:UpdateDistribution');
  return new UpdateOutcomeUnknown('aws', unreachable.message, {
    hint: `The update may or may not have been applied to ${distributionId}: run the same command with --dry-run to see its associations now, then run it again. ${unreachable.hint ?? ''}`.trim(),
    cause: error,
  });
}

/**
 * CloudFront accepted the update; its answer must carry the associations that were sent. When
 * it does not (an emulator that drops them, or a change racing this one), the deploy is not
 * done, whatever the status code said.
 */
export function checkAnswered(change: AssociationChange, distributionId: string): void {
  if (!change.changed || sameAssociations(change.desired, change.answered)) return;
  const key = (r: AssociationRecord) =>
    `${r.behavior} ${r.eventType} ${functionNameOfArn(r.arn)}:${r.arn.split(':')[7] ?? ''}${r.includeBody ? ' +body' : ''}`;
  const sent = new Set(change.desired.map(key));
  const got = new Set(change.answered.map(key));
  const lines = [
    ...[...sent].filter((k) => !got.has(k)).map((k) => `  - sent, missing from the answer: ${k}`),
    ...[...got].filter((k) => !sent.has(k)).map((k) => `  - in the answer, not sent: ${k}`),
  ];
  throw new ToolsError(
    'deploy',
    `CloudFront accepted the update of ${distributionId}, but the configuration it answered with does not carry the associations sent:\n${lines.join('\n')}`,
    {
      hint: `Look at the distribution (\`aws cloudfront get-distribution-config --id ${distributionId}\`) and deploy again. Emulators do not keep Lambda@Edge associations (moto drops them; LocalStack's free edition does not support them): associate functions on AWS.`,
    },
  );
}

/** `arn:aws:lambda:us-east-1:123456789012:function:name:7` → `name`. */
export function functionNameOfArn(arn: string): string {
  return arn.split(':')[6] ?? '';
}

/** Whether an associated function is one of a stage's: its name carries the stage's prefix. */
export function isStageFunction(functionNamePrefix: string): (arn: string) => boolean {
  return (arn) => functionNameOfArn(arn).startsWith(functionNamePrefix);
}
