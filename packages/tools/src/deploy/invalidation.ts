/**
 * `edge deploy --invalidate <paths...>`: one CloudFront invalidation after the distribution
 * update, so cached responses made by the old functions go. Paths follow CloudFront's rules
 * (docs/cloudfront-rules.md#invalidation, "Invalidation paths"), checked before anything runs.
 */
import { randomUUID } from 'node:crypto';
import { type CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { ToolsError } from '../errors.ts';
import { awsCall } from './aws-errors.ts';

const INVALIDATION_DOCS =
  'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/invalidation-specifying-objects.html';
/** Files one invalidation may name; wildcards count once each. */
const MAX_PATHS = 3000;

/** The paths as CloudFront takes them, or a usage error naming the first bad one. */
export function checkInvalidationPaths(paths: string[]): string[] {
  const problems: string[] = [];
  if (paths.length === 0) problems.push('--invalidate needs at least one path, such as "/*".');
  if (paths.length > MAX_PATHS) {
    problems.push(`${paths.length} paths: one invalidation takes at most ${MAX_PATHS}.`);
  }
  for (const path of paths) {
    if (!path.startsWith('/')) {
      problems.push(`"${path}" does not start with "/": paths are relative to the distribution.`);
    } else if (path.slice(0, -1).includes('*')) {
      problems.push(`"${path}" has "*" before its end: a wildcard may only be the last character.`);
    } else if (/\s/.test(path)) {
      problems.push(`"${path}" contains white space: percent-encode it (%20).`);
    }
  }
  if (problems.length > 0) {
    throw new ToolsError('usage', `edge deploy --invalidate: ${problems.join(' ')}`, {
      hint: `Quote wildcards so the shell leaves them alone: --invalidate '/*' '/img/*' (see ${INVALIDATION_DOCS}).`,
    });
  }
  return [...new Set(paths)];
}

export interface Invalidation {
  id: string;
  status: string;
  paths: string[];
}

export async function createInvalidation(
  cloudFront: CloudFrontClient,
  distributionId: string,
  paths: string[],
): Promise<Invalidation> {
  const answer = await awsCall('cloudfront:CreateInvalidation', () =>
    cloudFront.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: {
          Paths: { Quantity: paths.length, Items: paths },
          // Unique per request: CloudFront treats a repeated reference as the same invalidation.
          CallerReference: `edge-deploy-${randomUUID()}`,
        },
      }),
    ),
  );
  const id = answer.Invalidation?.Id;
  if (!id) throw new ToolsError('deploy', `CloudFront returned no invalidation id.`);
  return { id, status: answer.Invalidation?.Status ?? 'InProgress', paths };
}
