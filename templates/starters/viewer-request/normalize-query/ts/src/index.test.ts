import { fileURLToPath } from 'node:url';
import { viewerRequest } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectForwarded } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';
import { normalizeQuery, type QueryNormalization } from './normalize.ts';

const shipped = fileURLToPath(new URL('./index.ts', import.meta.url));

async function normalized(querystring: string): Promise<string> {
  const request = expectForwarded(
    await invoke(shipped, viewerRequest({ uri: '/products', querystring })),
  );
  expect(request.uri).toBe('/products');
  return request.querystring;
}

describe('normalize-query: the shipped settings', () => {
  it.each([
    ['Sort=Price&page=2&utm_source=news&fbclid=abc', 'page=2&sort=price'],
    ['page=2&sort=price', 'page=2&sort=price'],
    ['LANG=EN&q=Red+Shoes', 'lang=en&q=Red%20Shoes'],
    ['q=caf%C3%A9&q=bar', 'q=caf%C3%A9&q=bar'],
    ['page=&q', ''],
    ['', ''],
    ['utm_campaign=x', ''],
  ])('%j → %j', async (input, output) => {
    expect(await normalized(input)).toBe(output);
  });

  it('gives equivalent URLs one query string, hence one cache key', async () => {
    const variants = ['sort=NAME&page=3', 'page=3&Sort=name', 'gclid=1&PAGE=3&sort=Name&ref=x'];
    const results = new Set(await Promise.all(variants.map(normalized)));
    expect([...results]).toEqual(['page=3&sort=name']);
  });
});

describe('normalize-query: options', () => {
  const keepAll: QueryNormalization = {
    allowed: '*',
    lowerCaseValues: [],
    sort: false,
    dropEmpty: false,
  };

  it('keeps every parameter in order with allowed "*" and no sorting', () => {
    expect(normalizeQuery('b=2&A=1&c=', keepAll)).toBe('b=2&a=1&c=');
  });

  it('keeps repeated names in their order when sorting', () => {
    expect(normalizeQuery('z=1&a=2&z=0', { ...keepAll, sort: true })).toBe('a=2&z=1&z=0');
  });
});
