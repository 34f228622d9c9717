/**
 * The fake must refuse what AWS refuses, or the deploy tests would prove nothing: each check
 * here is one the deploy code relies on never tripping.
 */
import {
  CloudFrontClient,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/deploy.ts';
import { ARN, createWorld, DISTRIBUTION_ID, type World } from './helpers.ts';

let world: World;
let cloudFront: CloudFrontClient;
beforeEach(async () => {
  world = await createWorld();
  cloudFront = new CloudFrontClient({ region: 'us-east-1', maxAttempts: 1 });
});
afterEach(async () => {
  cloudFront.destroy();
  await world.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: { name?: string }) => error.name,
  );
}

async function currentConfig() {
  return cloudFront.send(new GetDistributionConfigCommand({ Id: DISTRIBUTION_ID }));
}

describe('the fake AWS refuses what AWS refuses', () => {
  it('a request signed for another region', async () => {
    const lambda = new LambdaClient({ region: 'eu-west-1', maxAttempts: 1 });
    expect(await codeOf(lambda.send(new GetFunctionCommand({ FunctionName: 'x' })))).toBe(
      'SignatureDoesNotMatch',
    );
    lambda.destroy();
  });

  it('UpdateDistribution without IfMatch, or with a stale one', async () => {
    const { DistributionConfig } = await currentConfig();
    const update = (IfMatch?: string) =>
      cloudFront.send(
        new UpdateDistributionCommand({ Id: DISTRIBUTION_ID, DistributionConfig, IfMatch }),
      );
    expect(await codeOf(update())).toBe('InvalidIfMatchVersion');
    expect(await codeOf(update('E-OLD'))).toBe('PreconditionFailed');
  });

  it('a partial config, or a changed CallerReference', async () => {
    const { DistributionConfig, ETag } = await currentConfig();
    const partial = { ...DistributionConfig!, Comment: undefined as unknown as string };
    expect(
      await codeOf(
        cloudFront.send(
          new UpdateDistributionCommand({
            Id: DISTRIBUTION_ID,
            DistributionConfig: partial,
            IfMatch: ETag,
          }),
        ),
      ),
    ).toBe('MalformedInput');
    const moved = { ...DistributionConfig!, CallerReference: 'other' };
    expect(
      await codeOf(
        cloudFront.send(
          new UpdateDistributionCommand({
            Id: DISTRIBUTION_ID,
            DistributionConfig: moved,
            IfMatch: ETag,
          }),
        ),
      ),
    ).toBe('IllegalUpdate');
  });

  it('$LATEST, an unpublished version, or IncludeBody on a response event', async () => {
    await deploy(world.project, world.options(), world.deps);
    const { DistributionConfig, ETag } = await currentConfig();
    const withAssociation = (
      LambdaFunctionARN: string,
      EventType: 'viewer-request' | 'viewer-response',
      IncludeBody = false,
    ) => {
      const config = structuredClone(DistributionConfig!);
      config.DefaultCacheBehavior!.LambdaFunctionAssociations = {
        Quantity: 1,
        Items: [{ LambdaFunctionARN, EventType, IncludeBody }],
      };
      return cloudFront.send(
        new UpdateDistributionCommand({
          Id: DISTRIBUTION_ID,
          DistributionConfig: config,
          IfMatch: ETag,
        }),
      );
    };
    const latest = ARN('auth', 1).replace(/:1$/, ':$LATEST');
    expect(await codeOf(withAssociation(latest, 'viewer-request'))).toBe(
      'InvalidLambdaFunctionAssociation',
    );
    expect(await codeOf(withAssociation(ARN('auth', 9), 'viewer-request'))).toBe(
      'InvalidLambdaFunctionAssociation',
    );
    expect(await codeOf(withAssociation(ARN('auth', 1), 'viewer-response', true))).toBe(
      'InvalidLambdaFunctionAssociation',
    );
    // An origin function with 512 MB on a viewer event is over the viewer limit.
    expect(await codeOf(withAssociation(ARN('router', 1), 'viewer-request'))).toBe(
      'InvalidLambdaFunctionAssociation',
    );
    expect(await codeOf(withAssociation(ARN('auth', 1), 'viewer-request'))).toBeUndefined();
  });
});
