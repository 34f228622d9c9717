import { afterEach, describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/deploy.ts';
import { readHistory } from '../../src/deploy/history.ts';
import { canonical } from './fake-aws/xml.ts';
import { ARN, associationsIn, createWorld, deployRefused, type World } from './helpers.ts';

let world: World;
afterEach(async () => {
  await world.close();
});

/** Deploys once, then changes every function's code so the next deploy touches every step. */
async function deployedThenChanged(): Promise<void> {
  await deploy(world.project, world.options(), world.deps);
  for (const name of ['auth', 'router', 'headers']) world.code.set(name, `code of ${name} v2`);
  world.fake.calls.length = 0;
}

describe('a failure at any step leaves the distribution as it was', () => {
  it.each([
    ['iam:CreateRole', 403, 'AccessDenied', false],
    ['iam:AttachRolePolicy', 400, 'LimitExceeded', false],
    ['lambda:CreateFunction', 400, 'InvalidParameterValueException', false],
    ['lambda:PublishVersion', 500, 'ServiceException', false],
    ['lambda:UpdateFunctionCode', 409, 'ResourceConflictException', true],
    ['lambda:UpdateFunctionConfiguration', 400, 'InvalidParameterValueException', true],
    ['cloudfront:UpdateDistribution', 400, 'InvalidLambdaFunctionAssociation', true],
  ] as const)('%s failing (%s %s)', async (operation, status, code, afterFirstDeploy) => {
    world = await createWorld({ maxAttempts: 1 });
    if (afterFirstDeploy) {
      await deployedThenChanged();
      if (operation === 'lambda:UpdateFunctionConfiguration') {
        world.project.config.functions = { router: { memoryMB: 640, timeoutSeconds: 10 } };
      }
    }
    const before = canonical(world.distribution());
    const etag = world.etag();
    world.fake.fail(operation, { status, code, message: `injected ${code}` });

    const error = await deployRefused(world);

    expect(world.fake.operations()).toContain(operation);
    expect(canonical(world.distribution())).toBe(before);
    expect(world.etag()).toBe(etag);
    expect(`${error.message} ${error.hint}`).toMatch(/was not changed|refused/);
    expect(readHistory(world.root, 'prod')).toHaveLength(afterFirstDeploy ? 1 : 0);
  });
});

describe('stale ETag', () => {
  it('re-reads the distribution and re-applies once, keeping the change someone else made', async () => {
    world = await createWorld();
    world.deps.interactive = true;
    world.deps.confirm = async () => {
      // While the plan is on screen, someone edits the distribution in the console.
      const distribution = world.fake.state.distributions.values().next().value!;
      const comment = distribution.config.children.find((c) => c.name === 'Comment')!;
      comment.text = 'edited in the console';
      distribution.etag = 'E-CONSOLE-EDIT';
      return true;
    };
    await deploy(world.project, world.options({ yes: false }), world.deps);
    const distributionCalls = world.fake.calls
      .filter((c) => c.operation.startsWith('cloudfront:'))
      .map((c) => `${c.operation}${c.error ? ` ${c.error}` : ''}`);
    expect(distributionCalls).toEqual([
      'cloudfront:GetDistributionConfig',
      'cloudfront:UpdateDistribution PreconditionFailed',
      'cloudfront:GetDistributionConfig',
      'cloudfront:UpdateDistribution',
    ]);
    const comment = world.distribution().children.find((c) => c.name === 'Comment');
    expect(comment?.text).toBe('edited in the console');
    expect(associationsIn(world.distribution())).toContain(
      `(default) viewer-request ${ARN('auth', 1)}`,
    );
  });

  it('gives up after one retry, with the distribution unchanged', async () => {
    world = await createWorld();
    const before = canonical(world.distribution());
    world.fake.fail('cloudfront:UpdateDistribution', { status: 412, code: 'PreconditionFailed' });
    const error = await deployRefused(world);
    expect(error.message).toMatch(/kept changing/);
    expect(
      world.fake.operations().filter((op) => op === 'cloudfront:UpdateDistribution'),
    ).toHaveLength(2);
    expect(canonical(world.distribution())).toBe(before);
  });

  it('treats InvalidIfMatchVersion the same way', async () => {
    world = await createWorld();
    world.fake.fail(
      'cloudfront:UpdateDistribution',
      { status: 400, code: 'InvalidIfMatchVersion' },
      1,
    );
    await deploy(world.project, world.options(), world.deps);
    expect(associationsIn(world.distribution())).toHaveLength(3);
  });
});

describe('AWS errors are translated into what to do', () => {
  it('throttling is retried by the SDK, and succeeds when it stops', async () => {
    world = await createWorld({ maxAttempts: 3 });
    world.fake.fail('lambda:PublishVersion', { status: 429, code: 'TooManyRequestsException' }, 1);
    await deploy(world.project, world.options(), world.deps);
    expect(world.fake.operations().filter((op) => op === 'lambda:PublishVersion')).toHaveLength(4);
    expect(associationsIn(world.distribution())).toHaveLength(3);
  });

  it('throttling that persists is explained after the retries', async () => {
    world = await createWorld({ maxAttempts: 2 });
    world.fake.fail('cloudfront:GetDistributionConfig', { status: 400, code: 'Throttling' });
    const error = await deployRefused(world);
    expect(error.message).toMatch(
      /AWS kept throttling cloudfront:GetDistributionConfig after 2 attempts/,
    );
    expect(error.hint).toMatch(/Wait a minute/);
    expect(
      world.fake.operations().filter((op) => op === 'cloudfront:GetDistributionConfig'),
    ).toHaveLength(2);
  });

  it('AccessDenied names the missing action', async () => {
    world = await createWorld();
    world.fake.fail('lambda:CreateFunction', {
      status: 403,
      code: 'AccessDeniedException',
      message:
        'User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: lambda:CreateFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:shop-prod-auth',
    });
    const error = await deployRefused(world);
    expect(error.message).toBe('AWS denied lambda:CreateFunction (during lambda:CreateFunction).');
    expect(error.hint).toMatch(/Allow "lambda:CreateFunction"/);
  });

  it('a refused association says why and which setting fixes it', async () => {
    world = await createWorld();
    world.fake.fail('cloudfront:UpdateDistribution', {
      status: 400,
      code: 'InvalidLambdaFunctionAssociation',
      message:
        'The function execution role must be assumable with edgelambda.amazonaws.com as well as lambda.amazonaws.com principals.',
    });
    const error = await deployRefused(world);
    expect(error.message).toMatch(/trust policy does not allow edgelambda.amazonaws.com/);
    expect(error.hint).toMatch(/roleArn/);
  });

  it('CloudFront refusing a hand-made role without edgelambda trust is caught by the fake as AWS would', async () => {
    world = await createWorld();
    // The role exists but trusts only Lambda: deploy checks it before changing anything.
    world.fake.state.roles.set('shop-prod-edge-role', {
      RoleName: 'shop-prod-edge-role',
      RoleId: 'AROAX',
      Arn: 'arn:aws:iam::123456789012:role/shop-prod-edge-role',
      AssumeRolePolicyDocument: JSON.stringify({
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
      attachedPolicies: [],
    });
    const error = await deployRefused(world);
    expect(error.message).toMatch(/does not let edgelambda.amazonaws.com assume it/);
    expect(world.fake.mutations()).toEqual([]);
  });
});
