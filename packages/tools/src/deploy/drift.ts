/**
 * Where `pnpm dev` and the distribution will disagree after a deploy: which behavior a path
 * matches (path patterns and their order), which functions run (associations), and how each
 * behavior and origin handles a request (policies, methods, compression, viewer protocol
 * policy, origins and their timeouts, origin groups, error responses, default root object).
 * Deploy changes only associations, so these are warnings; `edge pull` takes the
 * distribution's settings into edge.config.ts, and is named as the fix where it is one.
 */
import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import type { EdgeConfig } from '@edge-app/runtime';
import {
  behaviorDifferences,
  effectiveBehavior,
  originDifferences,
  same,
} from '../pull/compare.ts';
import { remoteConfig } from '../pull/from-distribution.ts';
import type { PolicyBook, PulledField, RemoteBehavior } from '../pull/remote-behavior.ts';
import { type AssociationRecord, associationsOf, behaviorNames } from './distribution.ts';
import { DEFAULT_BEHAVIOR, type DeployTarget } from './target.ts';

const PULL = 'Run `edge pull` to take the distribution’s settings into edge.config.ts';

export function localDrift(
  snapshot: { config: DistributionConfig; book: PolicyBook },
  local: EdgeConfig,
  target: Pick<DeployTarget, 'behaviors' | 'associations'>,
  proposed: AssociationRecord[],
  functionNameOf: (arn: string) => string,
): string[] {
  const { config } = snapshot;
  const warnings: string[] = [];
  const remote = behaviorNames(config).filter((b) => b !== DEFAULT_BEHAVIOR);
  const localNames = target.behaviors.filter((b) => b !== DEFAULT_BEHAVIOR);

  const undescribed = remote.filter((b) => !localNames.includes(b));
  for (const pattern of undescribed) {
    warnings.push(
      `The distribution has a cache behavior for "${pattern}" that edge.config.ts does not describe: \`pnpm dev\` serves those paths with another behavior. ${PULL}, or add \`{ pathPattern: '${pattern}' }\` to \`behaviors\`.`,
    );
  }
  // CloudFront tries the behaviors in the distribution's order; the local CloudFront in the
  // order of `behaviors`. Where a path matches two patterns, the order picks the behavior.
  const remoteOrder = remote.filter((b) => localNames.includes(b));
  const localOrder = localNames.filter((b) => remote.includes(b));
  if (remoteOrder.join('\n') !== localOrder.join('\n')) {
    warnings.push(
      `The distribution matches its cache behaviors in the order ${remoteOrder.join(', ')}; edge.config.ts lists them as ${localOrder.join(', ')}. A path both match can run other functions under \`pnpm dev\`. ${PULL}, or list \`behaviors\` in the distribution's order.`,
    );
  }

  // After the deploy, the distribution runs `proposed` on the behaviors edge.config.ts
  // describes, and whatever it already runs on the others.
  const wanted = new Set(target.associations.map((a) => `${a.behavior} ${a.eventType}`));
  const after = [...proposed, ...associationsOf(config, undescribed)];
  for (const record of after) {
    if (wanted.has(`${record.behavior} ${record.eventType}`)) continue;
    warnings.push(
      `The distribution runs ${functionNameOf(record.arn)} on ${record.behavior} ${record.eventType}, which edge.config.ts does not associate: \`pnpm dev\` does not run it.`,
    );
  }
  return [...warnings, ...settingsDrift(snapshot, local)];
}

/** The settings `edge pull` brings, compared behavior by behavior and origin by origin. */
function settingsDrift(
  snapshot: { config: DistributionConfig; book: PolicyBook },
  local: EdgeConfig,
): string[] {
  const warnings: string[] = [];
  const remote = remoteConfig(snapshot.config, snapshot.book, { tolerant: true });
  const pairs: Array<[string, RemoteBehavior, EdgeConfig['defaultBehavior'] | undefined]> = [
    [DEFAULT_BEHAVIOR, remote.defaultBehavior, local.defaultBehavior],
    ...remote.behaviors.map(
      (b): [string, RemoteBehavior, EdgeConfig['defaultBehavior'] | undefined] => [
        b.pathPattern ?? '',
        b,
        local.behaviors?.find((l) => l.pathPattern === b.pathPattern),
      ],
    ),
  ];
  for (const [name, remoteBehavior, localBehavior] of pairs) {
    if (!localBehavior) continue;
    const fields = behaviorDifferences(
      localBehavior,
      remoteBehavior.settings,
      remoteBehavior.unread,
    );
    if (fields.length === 0) continue;
    const mine = effectiveBehavior(localBehavior);
    const theirs = effectiveBehavior(remoteBehavior.settings);
    const what = fields
      .map((f) => `${f} (here ${describe(f, mine[f])}, there ${describe(f, theirs[f])})`)
      .join('; ');
    warnings.push(
      `Behavior ${name} is not set up like the distribution's: ${what}. \`pnpm dev\` handles its requests otherwise than CloudFront. ${PULL}.`,
    );
  }
  for (const origin of remote.origins) {
    const mine = local.origins[origin.id];
    if (!mine) continue;
    const fields = originDifferences(mine, origin);
    if (fields.length > 0) {
      warnings.push(
        `Origin "${origin.id}" differs from the distribution's in ${fields.join(', ')}: \`pnpm dev\` times out, retries or adds headers otherwise than CloudFront. ${PULL}.`,
      );
    }
  }
  const compare: Array<[string, unknown, unknown]> = [
    ['origin groups', local.originGroups, remote.originGroups],
    ['custom error responses', local.customErrorResponses, remote.customErrorResponses],
    ['default root object', local.defaultRootObject, remote.defaultRootObject],
  ];
  for (const [what, mine, theirs] of compare) {
    if (!same(nothingAsUndefined(mine), nothingAsUndefined(theirs))) {
      warnings.push(
        `The distribution's ${what} ${what.endsWith('s') ? 'differ' : 'differs'} from edge.config.ts's. ${PULL}.`,
      );
    }
  }
  const unread = [remote.defaultBehavior, ...remote.behaviors].flatMap((b) =>
    b.unread.map((field) => `${b.pathPattern ?? DEFAULT_BEHAVIOR} ${field}`),
  );
  if (unread.length > 0) {
    warnings.push(
      `Could not read the policies of ${unread.join(', ')}, so they were not compared with edge.config.ts (cloudfront:GetCachePolicy, GetOriginRequestPolicy and GetResponseHeadersPolicy read them).`,
    );
  }
  return warnings;
}

function nothingAsUndefined(value: unknown): unknown {
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) {
    return undefined;
  }
  return value;
}

function describe(field: PulledField, value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.join(', ');
  return field === 'cache' ? 'legacy cache settings' : 'an inline policy';
}
