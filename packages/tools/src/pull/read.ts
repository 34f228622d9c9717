/**
 * Reading a distribution as `edge pull` and `edge deploy` need it: its configuration, and the
 * account's own policies its behaviors attach (managed policies are known by ID and not read).
 * Every call goes through awsCall, so it is bounded (deploy/aws.ts) and fails with the fix.
 */
import {
  type CloudFrontClient,
  GetCachePolicyCommand,
  GetOriginRequestPolicyCommand,
  GetResponseHeadersPolicyCommand,
} from '@aws-sdk/client-cloudfront';
import { awsCall } from '../deploy/aws-errors.ts';
import { type DistributionSnapshot, readDistribution } from '../deploy/distribution.ts';
import { ToolsError } from '../errors.ts';
import { customPolicyIds, emptyPolicyBook, type PolicyBook } from './remote-behavior.ts';

export interface PulledDistribution extends DistributionSnapshot {
  book: PolicyBook;
}

export async function pullDistribution(
  cloudFront: CloudFrontClient,
  distributionId: string,
): Promise<PulledDistribution> {
  const snapshot = await readDistribution(cloudFront, distributionId);
  const book = await readPolicies(cloudFront, snapshot.config);
  return { ...snapshot, book };
}

/**
 * The custom policies of `config`. `onFailure` (deploy's drift check) records a policy that
 * cannot be read and goes on; without it the failure is thrown.
 */
export async function readPolicies(
  cloudFront: CloudFrontClient,
  config: DistributionSnapshot['config'],
  onFailure?: (id: string, error: ToolsError) => void,
): Promise<PolicyBook> {
  const book = emptyPolicyBook();
  const ids = customPolicyIds(config);
  const attempt = async (id: string, read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      if (!onFailure || !(error instanceof ToolsError)) throw error;
      onFailure(id, error);
    }
  };
  for (const id of ids.cache) {
    await attempt(id, async () => {
      const answer = await awsCall(`cloudfront:GetCachePolicy ${id}`, () =>
        cloudFront.send(new GetCachePolicyCommand({ Id: id })),
      );
      const policy = answer.CachePolicy?.CachePolicyConfig;
      if (!policy) throw missing('cache policy', id);
      book.cache.set(id, policy);
    });
  }
  for (const id of ids.originRequest) {
    await attempt(id, async () => {
      const answer = await awsCall(`cloudfront:GetOriginRequestPolicy ${id}`, () =>
        cloudFront.send(new GetOriginRequestPolicyCommand({ Id: id })),
      );
      const policy = answer.OriginRequestPolicy?.OriginRequestPolicyConfig;
      if (!policy) throw missing('origin request policy', id);
      book.originRequest.set(id, policy);
    });
  }
  for (const id of ids.responseHeaders) {
    await attempt(id, async () => {
      const answer = await awsCall(`cloudfront:GetResponseHeadersPolicy ${id}`, () =>
        cloudFront.send(new GetResponseHeadersPolicyCommand({ Id: id })),
      );
      const policy = answer.ResponseHeadersPolicy?.ResponseHeadersPolicyConfig;
      if (!policy) throw missing('response headers policy', id);
      book.responseHeaders.set(id, policy);
    });
  }
  return book;
}

function missing(what: string, id: string): ToolsError {
  return new ToolsError('aws', `CloudFront returned no configuration for the ${what} ${id}.`, {
    hint: 'Run the command again; if it persists, look at the policy in the CloudFront console.',
  });
}
