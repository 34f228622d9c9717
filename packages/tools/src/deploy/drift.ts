/**
 * Where `pnpm dev` and the distribution will disagree after a deploy, compared on what decides
 * which function runs for a request: the cache behaviors' path patterns, their order, and the
 * function associations. Deploy changes only associations, so these are warnings to act on in
 * edge.config.ts (or on the distribution), not errors.
 */
import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { type AssociationRecord, associationsOf, behaviorNames } from './distribution.ts';
import { DEFAULT_BEHAVIOR, type DeployTarget } from './target.ts';

export function localDrift(
  config: DistributionConfig,
  target: Pick<DeployTarget, 'behaviors' | 'associations'>,
  proposed: AssociationRecord[],
  functionNameOf: (arn: string) => string,
): string[] {
  const warnings: string[] = [];
  const remote = behaviorNames(config).filter((b) => b !== DEFAULT_BEHAVIOR);
  const local = target.behaviors.filter((b) => b !== DEFAULT_BEHAVIOR);

  const undescribed = remote.filter((b) => !local.includes(b));
  for (const pattern of undescribed) {
    warnings.push(
      `The distribution has a cache behavior for "${pattern}" that edge.config.ts does not describe: \`pnpm dev\` serves those paths with another behavior. Add \`{ pathPattern: '${pattern}' }\` to \`behaviors\`.`,
    );
  }
  // CloudFront tries the behaviors in the distribution's order; the local CloudFront in the
  // order of `behaviors`. Where a path matches two patterns, the order picks the behavior.
  const remoteOrder = remote.filter((b) => local.includes(b));
  const localOrder = local.filter((b) => remote.includes(b));
  if (remoteOrder.join('\n') !== localOrder.join('\n')) {
    warnings.push(
      `The distribution matches its cache behaviors in the order ${remoteOrder.join(', ')}; edge.config.ts lists them as ${localOrder.join(', ')}. A path both match can run other functions under \`pnpm dev\`: list \`behaviors\` in the distribution's order.`,
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
  return warnings;
}
