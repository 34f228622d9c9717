import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configuredRegionOtherThanEdge } from '../../src/deploy/aws.ts';
import { deploy } from '../../src/deploy/deploy.ts';
import { readHistory } from '../../src/deploy/history.ts';
import {
  ARN,
  associationsIn,
  createWorld,
  DISTRIBUTION_ID,
  type World,
  withoutAssociations,
} from './helpers.ts';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

describe('first deploy', () => {
  it('creates the role and functions, publishes version 1 of each and associates them in one update', async () => {
    const before = world.distribution();
    const result = await deploy(world.project, world.options(), world.deps);

    expect(world.fake.operations()).toEqual([
      'sts:GetCallerIdentity',
      'iam:GetRole',
      'cloudfront:GetDistributionConfig',
      'lambda:GetFunction',
      'lambda:GetFunction',
      'lambda:GetFunction',
      'iam:CreateRole',
      'iam:AttachRolePolicy',
      ...['auth', 'router', 'headers'].flatMap(() => [
        'lambda:CreateFunction',
        'lambda:GetFunctionConfiguration', // wait: State Active
        'lambda:PublishVersion',
        'lambda:GetFunctionConfiguration', // wait: version Active
      ]),
      'cloudfront:UpdateDistribution',
    ]);
    expect(result.versions).toEqual({
      auth: ARN('auth', 1),
      router: ARN('router', 1),
      headers: ARN('headers', 1),
    });
    expect(associationsIn(world.distribution())).toEqual([
      `(default) origin-request ${ARN('router', 1)} body`,
      `(default) viewer-request ${ARN('auth', 1)}`,
      `/api/* origin-response ${ARN('headers', 1)}`,
    ]);
    expect(withoutAssociations(world.distribution())).toBe(withoutAssociations(before));
  });

  it('creates functions as Lambda@Edge needs them and a role both services can assume', async () => {
    await deploy(world.project, world.options(), world.deps);
    const router = world.fake.state.functions.get('shop-prod-router')!.latest;
    expect(router).toMatchObject({
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Architectures: ['x86_64'],
      MemorySize: 512,
      Timeout: 10,
      Role: 'arn:aws:iam::123456789012:role/shop-prod-edge-role',
    });
    expect(router.Environment).toBeUndefined();
    const auth = world.fake.state.functions.get('shop-prod-auth')!.latest;
    // Viewer events under the strict profile: 128 MB and 5 s.
    expect(auth).toMatchObject({ MemorySize: 128, Timeout: 5 });
    const role = world.fake.state.roles.get('shop-prod-edge-role')!;
    const trust = JSON.parse(role.AssumeRolePolicyDocument);
    expect(trust.Statement[0].Principal.Service).toEqual([
      'lambda.amazonaws.com',
      'edgelambda.amazonaws.com',
    ]);
    expect(role.attachedPolicies).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
  });

  it('records the deploy in .edge/deployments/<stage>.json and says how to follow propagation', async () => {
    await deploy(world.project, world.options(), world.deps);
    const path = join(world.root, '.edge', 'deployments', 'prod.json');
    expect(existsSync(path)).toBe(true);
    const [record, ...rest] = readHistory(world.root, 'prod');
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      kind: 'deploy',
      distributionId: DISTRIBUTION_ID,
      functions: { auth: ARN('auth', 1) },
      previous: [],
      changed: true,
    });
    expect(JSON.parse(readFileSync(path, 'utf8')).stage).toBe('prod');
    expect(world.logs.join('\n')).toContain(
      `aws cloudfront wait distribution-deployed --id ${DISTRIBUTION_ID}`,
    );
  });

  it('signs every call for us-east-1 when the environment names another region, and says so', async () => {
    // helpers set AWS_REGION=eu-west-1; the fake refuses any credential scope but us-east-1.
    world.deps.configuredRegion = await configuredRegionOtherThanEdge();
    expect(world.deps.configuredRegion).toBe('eu-west-1');
    await deploy(world.project, world.options(), world.deps);
    // The only errors are the expected "not found" answers of a first deploy.
    expect(new Set(world.fake.calls.flatMap((c) => (c.error ? [c.error] : [])))).toEqual(
      new Set(['NoSuchEntity', 'ResourceNotFoundException']),
    );
    expect(world.logs[0]).toMatch(/names eu-west-1; deploy uses us-east-1/);
  });
});
