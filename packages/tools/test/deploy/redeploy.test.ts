import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/deploy.ts';
import { readHistory } from '../../src/deploy/history.ts';
import { ARN, associationsIn, createWorld, type World } from './helpers.ts';

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

async function deployed(): Promise<void> {
  await deploy(world.project, world.options(), world.deps);
  world.fake.calls.length = 0;
  world.logs.length = 0;
}

describe('deploying again', () => {
  it('changes nothing when nothing changed: no update, no publish, no distribution call', async () => {
    await deployed();
    const etag = world.etag();
    const result = await deploy(world.project, world.options(), world.deps);
    expect(result.changed).toBe(false);
    expect(world.fake.mutations()).toEqual([]);
    expect(world.etag()).toBe(etag);
    expect(world.fake.state.functions.get('shop-prod-auth')!.versions).toHaveLength(1);
    expect(world.logs.join('\n')).toContain('Everything is up to date');
    expect(readHistory(world.root, 'prod')).toHaveLength(1);
  });

  it('updates and republishes only the function whose code changed', async () => {
    await deployed();
    world.code.set('router', 'code of router v2');
    await deploy(world.project, world.options(), world.deps);
    expect(world.fake.mutations()).toEqual([
      'lambda:UpdateFunctionCode',
      'lambda:PublishVersion',
      'cloudfront:UpdateDistribution',
    ]);
    expect(associationsIn(world.distribution())).toEqual([
      `(default) origin-request ${ARN('router', 2)} body`,
      `(default) viewer-request ${ARN('auth', 1)}`,
      `/api/* origin-response ${ARN('headers', 1)}`,
    ]);
    const [, second] = readHistory(world.root, 'prod');
    expect(second?.previous).toContainEqual({
      behavior: '(default)',
      eventType: 'origin-request',
      arn: ARN('router', 1),
      includeBody: true,
    });
  });

  it('updates the configuration alone when only settings changed', async () => {
    await deployed();
    world.project.config.functions = { router: { memoryMB: 1024, timeoutSeconds: 10 } };
    await deploy(world.project, world.options(), world.deps);
    expect(world.fake.mutations()).toEqual([
      'lambda:UpdateFunctionConfiguration',
      'lambda:PublishVersion',
      'cloudfront:UpdateDistribution',
    ]);
    expect(world.fake.state.functions.get('shop-prod-router')!.versions[1]?.MemorySize).toBe(1024);
  });

  it('reuses an earlier version with the same code and settings instead of publishing', async () => {
    await deployed();
    world.code.set('auth', 'code of auth v2');
    await deployed();
    world.code.set('auth', 'code of auth v1');
    await deploy(world.project, world.options(), world.deps);
    expect(world.fake.mutations()).toEqual(['cloudfront:UpdateDistribution']);
    expect(associationsIn(world.distribution())).toContain(
      `(default) viewer-request ${ARN('auth', 1)}`,
    );
  });

  it('removes environment variables and layers an existing function has, and says why', async () => {
    await deployed();
    world.code.set('headers', 'code of headers v2');
    const fn = world.fake.state.functions.get('shop-prod-headers')!;
    fn.latest = {
      ...fn.latest,
      Environment: { Variables: { SECRET: 'x' } },
      Layers: [{ Arn: 'arn:aws:lambda:us-east-1:123456789012:layer:deps:1', CodeSize: 10 }],
    };
    await deploy(world.project, world.options(), world.deps);
    expect(world.fake.mutations()).toEqual([
      'lambda:UpdateFunctionCode',
      'lambda:UpdateFunctionConfiguration',
      'lambda:PublishVersion',
      'cloudfront:UpdateDistribution',
    ]);
    expect(fn.latest.Environment).toBeUndefined();
    expect(fn.latest.Layers).toBeUndefined();
    expect(world.logs.join('\n')).toMatch(
      /removing environment variables, layers — Lambda@Edge does not support them/,
    );
  });

  it('drops the association of a function removed from edge.config.ts', async () => {
    await deployed();
    world.project.config.behaviors = [{ pathPattern: '/api/*', functions: {} }];
    await deploy(world.project, world.options(), world.deps);
    expect(world.fake.mutations()).toEqual(['cloudfront:UpdateDistribution']);
    expect(associationsIn(world.distribution())).toEqual([
      `(default) origin-request ${ARN('router', 1)} body`,
      `(default) viewer-request ${ARN('auth', 1)}`,
    ]);
    expect(world.logs.join('\n')).toContain(
      'not deployed (no association in edge.config.ts): headers',
    );
  });
});

describe('--dry-run', () => {
  it('marks what one read could not get, and still reads the rest', async () => {
    world.fake.fail('iam:GetRole', { status: 403, code: 'AccessDenied', message: 'not allowed' });
    const result = await deploy(world.project, world.options({ dryRun: true }), world.deps);
    expect(result.plan.unread).toEqual([
      expect.objectContaining({
        what: 'role shop-prod-edge-role',
        reason: expect.stringMatching(/AWS denied/),
      }),
    ]);
    expect(result.plan.associations.current).toEqual([]);
    expect(world.fake.operations()).toContain('cloudfront:GetDistributionConfig');
    expect(world.fake.operations().filter((op) => op === 'lambda:GetFunction')).toHaveLength(3);
  });

  it('a real deploy stops at the first read that fails', async () => {
    world.fake.fail('iam:GetRole', { status: 403, code: 'AccessDenied', message: 'not allowed' });
    await expect(deploy(world.project, world.options(), world.deps)).rejects.toThrow(/AWS denied/);
    expect(world.fake.operations()).not.toContain('cloudfront:GetDistributionConfig');
  });

  it('on a new stage prints the plan and calls only Get/List operations', async () => {
    const etag = world.etag();
    const result = await deploy(world.project, world.options({ dryRun: true }), world.deps);
    expect(result.changed).toBe(false);
    expect(world.fake.mutations()).toEqual([]);
    expect(world.etag()).toBe(etag);
    expect(world.fake.state.functions.size).toBe(0);
    expect(world.fake.state.roles.size).toBe(0);
    const output = world.logs.join('\n');
    expect(output).toContain('Role: create shop-prod-edge-role');
    expect(output).toContain('shop-prod-router (origin-request, nodejs22.x): create');
    expect(output).toMatch(
      /\+ \(default\) viewer-request\s+\(none\) → shop-prod-auth:\(next version\)/,
    );
    expect(output).toContain('Dry run: nothing was changed.');
    expect(readHistory(world.root, 'prod')).toEqual([]);
  });

  it('after a deploy shows current → new for what changed', async () => {
    await deployed();
    world.code.set('auth', 'code of auth v2');
    world.project.config.functions = { router: { memoryMB: 256, timeoutSeconds: 10 } };
    await deploy(world.project, world.options({ dryRun: true }), world.deps);
    expect(world.fake.mutations()).toEqual([]);
    const output = world.logs.join('\n');
    expect(output).toMatch(
      /shop-prod-router \(origin-request, nodejs22.x\): update\n\s+memory\s+512 MB → 256 MB/,
    );
    expect(output).toMatch(
      /shop-prod-auth \(viewer-request, nodejs22.x\): update\n\s+code\s+\S+ → \S+/,
    );
    expect(output).toContain(
      'shop-prod-headers (origin-response, nodejs22.x): unchanged, reuse version 1',
    );
    expect(output).toMatch(
      /~ \(default\) viewer-request\s+shop-prod-auth:1 → shop-prod-auth:\(next version\)/,
    );
  });
});

describe('stage settings', () => {
  it('uses the stage roleArn as is: no role is created', async () => {
    world.fake.state.roles.set('team-edge', {
      RoleName: 'team-edge',
      RoleId: 'AROAT',
      Arn: 'arn:aws:iam::123456789012:role/team-edge',
      AssumeRolePolicyDocument: JSON.stringify({
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
      attachedPolicies: [],
    });
    world.project.config.stages = {
      prod: {
        distributionId: 'E2FAKEDIST0001',
        roleArn: 'arn:aws:iam::123456789012:role/team-edge',
        functionNamePrefix: 'team-',
      },
    };
    await deploy(world.project, world.options(), world.deps);
    expect(world.fake.operations()).not.toContain('iam:CreateRole');
    expect(world.fake.state.functions.get('team-auth')?.latest.Role).toBe(
      'arn:aws:iam::123456789012:role/team-edge',
    );
  });

  it('deploys a Python function on the Python runtime', async () => {
    const auth = world.project.functions.find((f) => f.name === 'auth')!;
    auth.language = 'python';
    await deploy(world.project, world.options(), world.deps);
    expect(world.fake.state.functions.get('shop-prod-auth')?.latest).toMatchObject({
      Runtime: 'python3.13',
      Handler: 'index.handler',
    });
  });
});
