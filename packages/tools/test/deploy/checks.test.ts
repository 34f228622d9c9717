import { afterEach, describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/deploy.ts';
import { EdgeCancelled, ToolsError } from '../../src/errors.ts';
import { canonical } from './fake-aws/xml.ts';
import { baseConfig, createWorld, deployRefused, type World } from './helpers.ts';

let world: World;
afterEach(async () => {
  await world.close();
});

describe('configuration is checked before any AWS call', () => {
  it.each([
    [
      'viewer memory over 128 MB',
      (c: ReturnType<typeof baseConfig>) => {
        c.functions = { auth: { memoryMB: 256 } };
      },
      /functions.auth.memoryMB is 256: viewer-request functions take 128–128 MB/,
    ],
    [
      'viewer timeout over 5 s',
      (c: ReturnType<typeof baseConfig>) => {
        c.functions = { auth: { timeoutSeconds: 10 } };
      },
      /functions.auth.timeoutSeconds is 10: viewer-request functions take 1–5 s/,
    ],
    [
      'origin timeout over 30 s',
      (c: ReturnType<typeof baseConfig>) => {
        c.functions = { router: { timeoutSeconds: 60 } };
      },
      /functions.router.timeoutSeconds is 60: origin-request functions take 1–30 s/,
    ],
    [
      'includeBody on a response event',
      (c: ReturnType<typeof baseConfig>) => {
        c.behaviors = [
          {
            pathPattern: '/api/*',
            functions: { 'origin-response': { function: 'headers', includeBody: true } },
          },
        ];
      },
      /includeBody is only allowed on viewer-request and origin-request/,
    ],
    [
      'two behaviors with one path pattern',
      (c: ReturnType<typeof baseConfig>) => {
        c.behaviors = [
          { pathPattern: '/api/*', functions: { 'origin-response': 'headers' } },
          { pathPattern: '/api/*', functions: {} },
        ];
      },
      /Two behaviors have the path pattern "\/api\/\*"/,
    ],
    [
      'a function under the wrong event type',
      (c: ReturnType<typeof baseConfig>) => {
        c.defaultBehavior.functions = { 'viewer-response': 'auth' };
      },
      /"auth" is a viewer-request function/,
    ],
    [
      'an unknown function',
      (c: ReturnType<typeof baseConfig>) => {
        c.defaultBehavior.functions = { 'viewer-request': 'nope' };
      },
      /no function package "nope"/,
    ],
    [
      'no distributionId',
      (c: ReturnType<typeof baseConfig>) => {
        c.stages = { prod: {} };
      },
      /stages.prod.distributionId is not set/,
    ],
    [
      'a region other than us-east-1',
      (c: ReturnType<typeof baseConfig>) => {
        c.stages = { prod: { distributionId: 'E1', region: 'eu-west-1' } as never };
      },
      /region is "eu-west-1": Lambda@Edge functions must live in us-east-1/,
    ],
  ])('%s', async (_name, change, message) => {
    world = await createWorld();
    change(world.project.config);
    const error = await deployRefused(world);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(/nothing was sent to AWS/);
    expect(world.fake.calls).toEqual([]);
  });

  it('an unknown stage lists the known ones', async () => {
    world = await createWorld();
    const error = await deploy(
      world.project,
      world.options({ stage: 'staging' }),
      world.deps,
    ).catch((e: ToolsError) => e);
    expect(error).toBeInstanceOf(ToolsError);
    expect((error as ToolsError).hint).toMatch(/one of: prod/);
    expect(world.fake.calls).toEqual([]);
  });

  it('a build failure stops the deploy before AWS', async () => {
    world = await createWorld();
    world.deps.build = async () => {
      throw new ToolsError('build', 'auth: Could not resolve "left-pad"', { hint: 'Install it.' });
    };
    const error = await deployRefused(world);
    expect(error.message).toMatch(/left-pad/);
    expect(world.fake.calls).toEqual([]);
  });

  it('a viewer function over 1 MB zipped stops the deploy before AWS', async () => {
    world = await createWorld();
    world.code.set('auth', 'x'.repeat(1_048_577));
    const error = await deployRefused(world);
    expect(error.message).toMatch(
      /auth is 1048577 bytes zipped; viewer-request functions may be at most 1048576/,
    );
    expect(world.fake.calls).toEqual([]);
  });
});

describe('the distribution is checked before anything changes', () => {
  it('a configured behavior missing from the distribution is an error', async () => {
    world = await createWorld({ fixture: { withoutApi: true } });
    const error = await deployRefused(world);
    expect(error.message).toMatch(/has no cache behavior for "\/api\/\*"/);
    expect(world.fake.mutations()).toEqual([]);
  });

  it('a Lambda@Edge viewer function next to a CloudFront Function is an error', async () => {
    const config = baseConfig();
    config.behaviors = [{ pathPattern: '/api/*', functions: { 'viewer-request': 'auth' } }];
    world = await createWorld({ fixture: { cloudFrontFunctionOnApi: true }, config });
    const error = await deployRefused(world);
    expect(error.message).toMatch(/has a CloudFront Function/);
    expect(world.fake.mutations()).toEqual([]);
  });
});

describe('confirmation', () => {
  it('without a terminal and without --yes, refuses and says to pass --yes', async () => {
    world = await createWorld();
    world.deps.interactive = false;
    const error = await deploy(world.project, world.options({ yes: false }), world.deps).catch(
      (e: ToolsError) => e,
    );
    expect(error).toBeInstanceOf(ToolsError);
    expect((error as ToolsError).hint).toMatch(/Pass --yes/);
    expect(world.fake.mutations()).toEqual([]);
  });

  it('declining (or Ctrl-C) changes nothing', async () => {
    world = await createWorld();
    const before = canonical(world.distribution());
    world.deps.interactive = true;
    const questions: string[] = [];
    world.deps.confirm = async (question) => {
      questions.push(question);
      return false;
    };
    const error = await deploy(world.project, world.options({ yes: false }), world.deps).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EdgeCancelled);
    expect(questions).toEqual(['Publish these functions and update E2FAKEDIST0001?']);
    expect(world.fake.mutations()).toEqual([]);
    expect(canonical(world.distribution())).toBe(before);
  });

  it('--yes does not ask', async () => {
    world = await createWorld();
    world.deps.interactive = true;
    world.deps.confirm = async () => {
      throw new Error('should not ask');
    };
    await deploy(world.project, world.options({ yes: true }), world.deps);
    expect(world.fake.mutations()).toContain('cloudfront:UpdateDistribution');
  });
});
