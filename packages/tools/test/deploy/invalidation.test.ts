import { afterEach, describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/deploy.ts';
import { checkInvalidationPaths } from '../../src/deploy/invalidation.ts';
import { ToolsError } from '../../src/errors.ts';
import { createWorld, DISTRIBUTION_ID, type World } from './helpers.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function invalidations(w: World) {
  return w.fake.state.distributions.get(DISTRIBUTION_ID)!.invalidations;
}

describe('edge deploy --invalidate', () => {
  it('creates one invalidation after the distribution update', async () => {
    world = await createWorld();
    const result = await deploy(
      world.project,
      world.options({ invalidate: ['/*', '/index.html'] }),
      world.deps,
    );
    expect(world.fake.mutations().slice(-2)).toEqual([
      'cloudfront:UpdateDistribution',
      'cloudfront:CreateInvalidation',
    ]);
    expect(invalidations(world).map((i) => i.paths)).toEqual([['/*', '/index.html']]);
    expect(result.invalidation).toEqual({
      id: invalidations(world)[0]!.id,
      status: 'InProgress',
      paths: ['/*', '/index.html'],
    });
    expect(world.logs.join('\n')).toContain(`✔ Invalidation ${result.invalidation?.id} created`);
  });

  it('with --wait, waits for Deployed, then invalidates and waits for Completed', async () => {
    world = await createWorld();
    const result = await deploy(
      world.project,
      world.options({ invalidate: ['/*'], wait: true }),
      world.deps,
    );
    const cloudFront = world.fake.operations().filter((op) => op.startsWith('cloudfront:'));
    expect(cloudFront).toEqual([
      'cloudfront:GetDistributionConfig',
      'cloudfront:UpdateDistribution',
      'cloudfront:GetDistribution',
      'cloudfront:GetDistribution',
      'cloudfront:GetDistribution',
      'cloudfront:CreateInvalidation',
      // The fake answers InProgress once, then Completed.
      'cloudfront:GetInvalidation',
      'cloudfront:GetInvalidation',
    ]);
    expect(result.invalidation?.status).toBe('Completed');
    expect(world.logs.join('\n')).toContain(
      `✔ Invalidation ${result.invalidation?.id} is Completed.`,
    );
  });

  it('invalidates even when the functions are up to date', async () => {
    world = await createWorld();
    await deploy(world.project, world.options(), world.deps);
    world.fake.calls.length = 0;
    const result = await deploy(world.project, world.options({ invalidate: ['/*'] }), world.deps);
    expect(result.changed).toBe(false);
    expect(world.fake.mutations()).toEqual(['cloudfront:CreateInvalidation']);
  });

  it('--dry-run names the paths and creates nothing', async () => {
    world = await createWorld();
    await deploy(world.project, world.options({ dryRun: true, invalidate: ['/*'] }), world.deps);
    expect(world.fake.mutations()).toEqual([]);
    expect(world.logs.join('\n')).toContain('Invalidate after the update: /*');
  });
});

describe('invalidation paths', () => {
  it('takes paths that start with "/" and end in at most one "*", once each', () => {
    expect(checkInvalidationPaths(['/*', '/img/*', '/a.html', '/*'])).toEqual([
      '/*',
      '/img/*',
      '/a.html',
    ]);
  });

  it.each([
    [['img/*'], /"img\/\*" does not start with "\/"/],
    [['/a*/b'], /"\/a\*\/b" has "\*" before its end/],
    [['/a b'], /contains white space/],
    [[], /needs at least one path/],
  ])('refuses %j', (paths, message) => {
    const error = (() => {
      try {
        checkInvalidationPaths(paths);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ToolsError);
    expect((error as ToolsError).message).toMatch(message);
    expect((error as ToolsError).hint).toMatch(/invalidation-specifying-objects/);
  });
});
