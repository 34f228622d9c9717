import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/deploy.ts';
import { destroy } from '../../src/deploy/destroy.ts';
import { readHistory } from '../../src/deploy/history.ts';
import { rollback } from '../../src/deploy/rollback.ts';
import { ToolsError } from '../../src/errors.ts';
import { functionArn } from './fake-aws/state.ts';
import { canonical } from './fake-aws/xml.ts';
import { ARN, associationsIn, createWorld, DISTRIBUTION_ID, type World } from './helpers.ts';

let world: World;
afterEach(async () => {
  await world.close();
});

describe('--rollback', () => {
  beforeEach(async () => {
    world = await createWorld();
  });

  it('re-associates the previous deploy versions, and walks further back on repeat', async () => {
    await deploy(world.project, world.options(), world.deps);
    world.code.set('auth', 'code of auth v2');
    await deploy(world.project, world.options(), world.deps);
    expect(associationsIn(world.distribution())).toContain(
      `(default) viewer-request ${ARN('auth', 2)}`,
    );
    world.fake.calls.length = 0;

    await rollback(world.project, world.options(), world.deps);

    expect(world.fake.operations()).toEqual([
      'lambda:GetFunctionConfiguration',
      'lambda:GetFunctionConfiguration',
      'lambda:GetFunctionConfiguration',
      'cloudfront:GetDistributionConfig',
      'cloudfront:UpdateDistribution',
    ]);
    expect(associationsIn(world.distribution())).toEqual([
      `(default) origin-request ${ARN('router', 1)} body`,
      `(default) viewer-request ${ARN('auth', 1)}`,
      `/api/* origin-response ${ARN('headers', 1)}`,
    ]);
    const history = readHistory(world.root, 'prod');
    expect(history.map((r) => r.kind)).toEqual(['deploy', 'deploy', 'rollback']);
    expect(history[2]?.restoredIndex).toBe(0);

    const again = await rollback(world.project, world.options(), world.deps).catch(
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(ToolsError);
    expect((again as ToolsError).message).toMatch(/no earlier deploy of stage "prod"/);
  });

  it('errors clearly when there is no history', async () => {
    const error = await rollback(world.project, world.options(), world.deps).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolsError);
    expect((error as ToolsError).hint).toMatch(/deployments\/prod.json does not exist/);
    expect(world.fake.calls).toEqual([]);
  });

  it('errors without changing anything when an old version was deleted', async () => {
    await deploy(world.project, world.options(), world.deps);
    world.code.set('auth', 'code of auth v2');
    await deploy(world.project, world.options(), world.deps);
    world.fake.state.functions.get('shop-prod-auth')!.versions.shift();
    const before = canonical(world.distribution());
    world.fake.calls.length = 0;
    const error = await rollback(world.project, world.options(), world.deps).catch(
      (e: unknown) => e,
    );
    expect((error as ToolsError).message).toBe(
      `Version ${ARN('auth', 1)} of that deploy no longer exists.`,
    );
    expect(world.fake.mutations()).toEqual([]);
    expect(canonical(world.distribution())).toBe(before);
  });

  it('--dry-run shows the rollback diff and changes nothing', async () => {
    await deploy(world.project, world.options(), world.deps);
    world.code.set('auth', 'code of auth v2');
    await deploy(world.project, world.options(), world.deps);
    world.fake.calls.length = 0;
    world.logs.length = 0;
    await rollback(world.project, world.options({ dryRun: true }), world.deps);
    expect(world.fake.mutations()).toEqual([]);
    expect(world.logs.join('\n')).toMatch(
      /~ \(default\) viewer-request\s+shop-prod-auth:2 → shop-prod-auth:1/,
    );
  });
});

describe('destroy', () => {
  it('removes only this stage associations, keeps others, and prints the delete commands', async () => {
    world = await createWorld({
      fixture: {
        defaultAssociations: `<LambdaFunctionAssociations><Quantity>1</Quantity><Items><LambdaFunctionAssociation><LambdaFunctionARN>${functionArn('legacy-headers', '1')}</LambdaFunctionARN><EventType>viewer-response</EventType><IncludeBody>false</IncludeBody></LambdaFunctionAssociation></Items></LambdaFunctionAssociations>`,
      },
    });
    // A function someone else deployed, associated on the default behavior's viewer-response.
    world.fake.state.roles.set('legacy', {
      RoleName: 'legacy',
      RoleId: 'AROAL',
      Arn: 'arn:aws:iam::123456789012:role/legacy',
      AssumeRolePolicyDocument:
        '{"Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","edgelambda.amazonaws.com"]},"Action":"sts:AssumeRole"}]}',
      attachedPolicies: [],
    });
    const legacy = {
      FunctionName: 'legacy-headers',
      FunctionArn: functionArn('legacy-headers'),
      Runtime: 'nodejs20.x',
      Role: 'arn:aws:iam::123456789012:role/legacy',
      Handler: 'index.handler',
      CodeSize: 10,
      CodeSha256: 'x',
      Timeout: 5,
      MemorySize: 128,
      Version: '$LATEST',
      Architectures: ['x86_64'],
      PackageType: 'Zip' as const,
      State: 'Active' as const,
      LastUpdateStatus: 'Successful' as const,
    };
    world.fake.state.functions.set('legacy-headers', {
      latest: legacy,
      versions: [{ ...legacy, Version: '1', FunctionArn: functionArn('legacy-headers', '1') }],
    });
    // The stage deploys its own viewer-request etc. next to it.
    await deploy(world.project, world.options(), world.deps);
    expect(associationsIn(world.distribution())).toHaveLength(4);
    world.fake.calls.length = 0;
    world.logs.length = 0;

    const result = await destroy(world.project, world.options(), world.deps);

    expect(world.fake.operations()).toEqual([
      'cloudfront:GetDistributionConfig',
      'cloudfront:UpdateDistribution',
    ]);
    expect(associationsIn(world.distribution())).toEqual([
      `(default) viewer-response ${functionArn('legacy-headers', '1')}`,
    ]);
    expect(result.functionNames).toEqual([
      'shop-prod-auth',
      'shop-prod-headers',
      'shop-prod-router',
    ]);
    const output = world.logs.join('\n');
    expect(output).toContain(
      'aws lambda delete-function --region us-east-1 --function-name shop-prod-auth',
    );
    expect(output).toMatch(/until CloudFront has removed its replicas/);
    expect(readHistory(world.root, 'prod').map((r) => r.kind)).toEqual(['deploy', 'destroy']);
    // The functions are still there: only CloudFront's replicas removal allows deleting them.
    expect(world.fake.state.functions.has('shop-prod-auth')).toBe(true);

    // Rolling back a destroy re-associates the last deploy.
    await rollback(world.project, world.options(), world.deps);
    expect(associationsIn(world.distribution())).toHaveLength(4);
  });

  it('with nothing of the stage on the distribution, changes nothing', async () => {
    world = await createWorld();
    const etag = world.etag();
    await destroy(world.project, world.options(), world.deps);
    expect(world.fake.mutations()).toEqual([]);
    expect(world.etag()).toBe(etag);
    expect(world.logs.join('\n')).toContain('has no associations of this stage');
  });
});

describe('--wait', () => {
  it('polls GetDistribution until Deployed, printing progress', async () => {
    world = await createWorld();
    await deploy(world.project, world.options({ wait: true }), world.deps);
    const polls = world.fake.operations().filter((op) => op === 'cloudfront:GetDistribution');
    // The fake answers InProgress twice after an update, then Deployed.
    expect(polls).toHaveLength(3);
    const output = world.logs.join('\n');
    expect(output).toMatch(new RegExp(`${DISTRIBUTION_ID}: InProgress`));
    expect(output).toContain(`✔ ${DISTRIBUTION_ID} is Deployed`);
    expect(output).not.toContain('aws cloudfront wait');
  });
});
