import { fileURLToPath } from 'node:url';
import { getHeader, viewerRequest } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectForwarded, expectHeader } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';
import { createAbRouter, type Experiment, pickVariant } from './ab-router.ts';

const shipped = fileURLToPath(new URL('./index.ts', import.meta.url));

const experiment: Experiment = {
  cookie: 'ab',
  header: 'x-variant',
  paths: ['/shop'],
  variants: [
    { name: 'a', weight: 1, pathPrefix: '' },
    { name: 'b', weight: 3, pathPrefix: '/b' },
  ],
};

function visit(uri: string, headers: Record<string, string> = {}) {
  return viewerRequest({ uri, headers });
}

describe('ab-testing: the shipped experiment', () => {
  it.each([
    ['control', '/index.html'],
    ['new-home', '/experiments/new-home/index.html'],
  ])('keeps a viewer whose cookie says %s on that variant', async (name, uri) => {
    const request = expectForwarded(
      await invoke(shipped, visit('/index.html', { cookie: `theme=dark; ab-variant=${name}` })),
    );
    expect(request.uri).toBe(uri);
    expectHeader(request, 'x-ab-variant', name);
  });

  it('assigns a new viewer to one of the variants', async () => {
    const request = expectForwarded(await invoke(shipped, visit('/')));
    const variant = getHeader(request.headers, 'x-ab-variant');
    expect(variant === 'control' ? '/' : '/experiments/new-home/').toBe(request.uri);
  });
});

describe('ab-testing: assignment', () => {
  it.each([
    [0, 'a', '/shop/cart'],
    [0.24, 'a', '/shop/cart'],
    [0.25, 'b', '/b/shop/cart'],
    [0.99, 'b', '/b/shop/cart'],
  ])('random %f assigns %s (weights 1:3)', async (random, name, uri) => {
    const handler = createAbRouter(experiment, () => random);
    const request = expectForwarded(await invoke(handler, visit('/shop/cart')));
    expect(request.uri).toBe(uri);
    expectHeader(request, 'x-variant', name);
  });

  it('reassigns a cookie naming a variant that no longer exists, and ignores a forged header', async () => {
    const handler = createAbRouter(experiment, () => 0.9);
    const request = expectForwarded(
      await invoke(handler, visit('/shop', { cookie: 'ab=retired', 'x-variant': 'a' })),
    );
    expectHeader(request, 'x-variant', 'b');
  });

  it('leaves paths outside the experiment alone', async () => {
    const handler = createAbRouter(experiment, () => 0.9);
    const request = expectForwarded(await invoke(handler, visit('/about', { 'x-variant': 'a' })));
    expect(request.uri).toBe('/about');
    expect(getHeader(request.headers, 'x-variant')).toBeUndefined();
  });

  it('never picks a variant with weight 0', () => {
    const variants = [
      { name: 'off', weight: 0, pathPrefix: '' },
      { name: 'on', weight: 2, pathPrefix: '/on' },
    ];
    expect([0, 0.5, 0.999999].map((r) => pickVariant(variants, r).name)).toEqual([
      'on',
      'on',
      'on',
    ]);
  });

  it.each([
    [{ variants: [] }, 'variants is empty'],
    [{ variants: [{ name: 'a b', weight: 1, pathPrefix: '' }] }, 'Variant name "a b"'],
    [{ variants: [{ name: 'a', weight: -1, pathPrefix: '' }] }, 'weight must be 0 or more'],
    [{ variants: [{ name: 'a', weight: 1, pathPrefix: 'b/' }] }, 'pathPrefix must be'],
    [{ variants: [{ name: 'a', weight: 0, pathPrefix: '' }] }, 'at least one weight'],
  ])('refuses %j', (change, message) => {
    expect(() => createAbRouter({ ...experiment, ...change } as Experiment)).toThrow(message);
  });
});
