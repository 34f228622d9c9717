/**
 * Deploys that cannot hang or half-finish: the role's policy is checked on every deploy,
 * CloudFront's answer is checked to carry what was sent, a silent endpoint becomes an error
 * naming it, and Ctrl-C never separates the distribution update from its history entry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/deploy.ts';
import { readHistory } from '../../src/deploy/history.ts';
import { BASIC_EXECUTION_POLICY_ARN } from '../../src/deploy/role.ts';
import { EdgeCancelled, type ToolsError } from '../../src/errors.ts';
import { canonical } from './fake-aws/xml.ts';
import {
  ARN,
  associationsIn,
  createWorld,
  deployRefused,
  SITE_BEHAVIOR,
  type World,
} from './helpers.ts';

let world: World;
afterEach(async () => {
  await world.close();
});

describe('the execution role', () => {
  it('gets its policy on the next deploy when attaching it failed after the role was created', async () => {
    world = await createWorld({ maxAttempts: 1 });
    world.fake.fail('iam:AttachRolePolicy', { status: 500, code: 'ServiceFailure' }, 1);
    await deployRefused(world);
    const role = world.fake.state.roles.get('shop-prod-edge-role');
    expect(role?.attachedPolicies).toEqual([]);

    world.fake.calls.length = 0;
    world.logs.length = 0;
    await deploy(world.project, world.options(), world.deps);

    expect(role?.attachedPolicies).toEqual([BASIC_EXECUTION_POLICY_ARN]);
    expect(world.fake.operations()).toContain('iam:ListAttachedRolePolicies');
    expect(world.fake.mutations()).toContain('iam:AttachRolePolicy');
    expect(world.fake.mutations()).not.toContain('iam:CreateRole');
    expect(world.logs.join('\n')).toMatch(/attach AWSLambdaBasicExecutionRole \(missing/);
  });

  it('is checked on every deploy, and left alone when the policy is there', async () => {
    world = await createWorld();
    await deploy(world.project, world.options(), world.deps);
    world.fake.calls.length = 0;
    const result = await deploy(world.project, world.options(), world.deps);
    expect(result.upToDate).toBe(true);
    expect(world.fake.operations()).toContain('iam:ListAttachedRolePolicies');
    expect(world.fake.mutations()).toEqual([]);
  });

  it('a role the stage names (roleArn) without the policy gets a note, not a change', async () => {
    world = await createWorld();
    const role = world.fake.state.roles.get('shop-prod-edge-role');
    expect(role).toBeUndefined();
    world.fake.state.roles.set('team-role', {
      RoleName: 'team-role',
      RoleId: 'AROATEAM',
      Arn: 'arn:aws:iam::123456789012:role/team-role',
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
        roleArn: 'arn:aws:iam::123456789012:role/team-role',
      },
    };
    await deploy(world.project, world.options(), world.deps);
    expect(world.fake.mutations()).not.toContain('iam:AttachRolePolicy');
    expect(world.logs.join('\n')).toMatch(
      /team-role has no .*AWSLambdaBasicExecutionRole attached/,
    );
  });
});

describe("CloudFront's answer to the update", () => {
  it('is checked: associations it dropped fail the deploy, and the history still records the update', async () => {
    world = await createWorld();
    world.fake.state.dropAssociations = true;
    const error = await deployRefused(world);
    expect(error.message).toMatch(
      /accepted the update of E2FAKEDIST0001, but the configuration it answered with does not carry the associations sent/,
    );
    expect(error.message).toContain(
      'sent, missing from the answer: (default) viewer-request shop-prod-auth:1',
    );
    expect(error.hint).toMatch(/moto drops them/);
    const [record] = readHistory(world.root, 'prod');
    expect(record).toMatchObject({ kind: 'deploy', changed: true });
  });
});

describe('a silent endpoint', () => {
  it('fails the first call with its host and port, not a hang', async () => {
    world = await createWorld({
      maxAttempts: 2,
      limits: { socketTimeoutMs: 300, connectionTimeoutMs: 300 },
    });
    world.fake.hang('sts:GetCallerIdentity');
    const error = await deployRefused(world);
    const port = new URL(world.fake.url).port;
    expect(error.message).toBe(
      `No answer to sts:GetCallerIdentity: 127.0.0.1:${port} accepted the connection but sent no answer within 0.3 s (2 attempts).`,
    );
    expect(error.hint).toContain(`AWS_ENDPOINT_URL is ${world.fake.url}`);
    expect(world.fake.operations()).toEqual(['sts:GetCallerIdentity', 'sts:GetCallerIdentity']);
  });

  it('at UpdateDistribution says the update may or may not have been applied', async () => {
    world = await createWorld({ maxAttempts: 1, limits: { socketTimeoutMs: 300 } });
    world.fake.hang('cloudfront:UpdateDistribution');
    const error = await deployRefused(world);
    expect(error.message).toMatch(/^No answer to cloudfront:UpdateDistribution: 127\.0\.0\.1:\d+/);
    expect(error.hint).toMatch(/may or may not have been applied to E2FAKEDIST0001/);
    expect(error.hint).not.toMatch(/was not changed/);
  });

  it('during a Lambda wait ends the wait with the same error', async () => {
    world = await createWorld({ maxAttempts: 1, limits: { socketTimeoutMs: 300 } });
    const before = canonical(world.distribution());
    world.fake.hang('lambda:GetFunctionConfiguration');
    const error = await deployRefused(world);
    expect(error.message).toMatch(
      /^No answer to lambda:GetFunctionConfiguration: 127\.0\.0\.1:\d+/,
    );
    expect(error.hint).toMatch(/Distribution E2FAKEDIST0001 was not changed/);
    expect(canonical(world.distribution())).toBe(before);
  });
});

describe('Ctrl-C', () => {
  it('during the distribution update waits for it and its history entry, then stops', async () => {
    world = await createWorld();
    let interrupt: (() => void) | undefined;
    world.deps.onInterrupt = (handler) => {
      interrupt = handler;
      return () => {
        interrupt = undefined;
      };
    };
    const step = world.deps.step;
    world.deps.step = (label, work) =>
      step(label, async (status) => {
        if (label.startsWith('Updating')) interrupt?.();
        return work(status);
      });
    const error = await deploy(world.project, world.options({ wait: true }), world.deps).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EdgeCancelled);
    expect((error as ToolsError).message).toMatch(/Stopped after the distribution update/);
    expect(associationsIn(world.distribution())).toContain(
      `(default) viewer-request ${ARN('auth', 1)}`,
    );
    expect(readHistory(world.root, 'prod')).toHaveLength(1);
    // It stopped before --wait polled anything.
    expect(world.fake.operations()).not.toContain('cloudfront:GetDistribution');
    expect(interrupt).toBeUndefined();
  });
});

describe('progress', () => {
  it('prints one line per step and per status change while Lambda finishes, not one per poll', async () => {
    world = await createWorld();
    world.fake.state.lambdaPendingPolls = 3;
    await deploy(world.project, world.options(), world.deps);
    const output = world.logs.join('\n');
    expect(output).toContain('… Creating shop-prod-auth');
    expect(output).toContain('… Waiting for Lambda: shop-prod-auth created');
    const pending = world.logs.filter((l) =>
      l.startsWith('  Waiting for Lambda: shop-prod-auth created: state Pending'),
    );
    expect(pending).toHaveLength(1);
    const polls = world.fake.calls.filter(
      (c) => c.operation === 'lambda:GetFunctionConfiguration' && c.subject === 'shop-prod-auth',
    );
    // Three Pending answers, then Active.
    expect(polls).toHaveLength(4);
  });
});

describe('local behaviors and the distribution', () => {
  it('warns where pnpm dev and the distribution will differ: undescribed behaviors and foreign associations', async () => {
    world = await createWorld({
      fixture: {
        extraBehaviors: ['/img/*'],
        defaultAssociations: `<LambdaFunctionAssociations><Quantity>1</Quantity><Items><LambdaFunctionAssociation><LambdaFunctionARN>arn:aws:lambda:us-east-1:123456789012:function:legacy-headers:1</LambdaFunctionARN><EventType>viewer-response</EventType><IncludeBody>false</IncludeBody></LambdaFunctionAssociation></Items></LambdaFunctionAssociations>`,
      },
    });
    const result = await deploy(world.project, world.options({ dryRun: true }), world.deps);
    expect(result.plan.warnings).toEqual([
      `The distribution has a cache behavior for "/img/*" that edge.config.ts does not describe: \`pnpm dev\` serves those paths with another behavior. Run \`edge pull\` to take the distribution’s settings into edge.config.ts, or add \`{ pathPattern: '/img/*' }\` to \`behaviors\`.`,
      'The distribution runs legacy-headers on (default) viewer-response, which edge.config.ts does not associate: `pnpm dev` does not run it.',
    ]);
    expect(world.logs.join('\n')).toContain('⚠ The distribution has a cache behavior for "/img/*"');
  });

  it('warns when the behaviors are listed in another order than the distribution matches them', async () => {
    world = await createWorld({ fixture: { extraBehaviors: ['/api/v2/*'] } });
    world.project.config.behaviors = [
      { pathPattern: '/api/v2/*', ...SITE_BEHAVIOR, functions: {} },
      { pathPattern: '/api/*', ...SITE_BEHAVIOR, functions: { 'origin-response': 'headers' } },
    ];
    const result = await deploy(world.project, world.options({ dryRun: true }), world.deps);
    expect(result.plan.warnings).toEqual([
      "The distribution matches its cache behaviors in the order /api/*, /api/v2/*; edge.config.ts lists them as /api/v2/*, /api/*. A path both match can run other functions under `pnpm dev`. Run `edge pull` to take the distribution’s settings into edge.config.ts, or list `behaviors` in the distribution's order.",
    ]);
  });

  it('says nothing when they agree', async () => {
    world = await createWorld();
    const result = await deploy(world.project, world.options({ dryRun: true }), world.deps);
    expect(result.plan.warnings).toEqual([]);
    expect(world.logs.join('\n')).not.toContain('⚠');
  });
});
