import { fileURLToPath } from 'node:url';
import { viewerRequest } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectForwarded, expectRedirect } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';
import { createRedirects, type RedirectRule } from './redirects.ts';

const shipped = fileURLToPath(new URL('./index.ts', import.meta.url));

function request(uri: string, querystring = '') {
  return viewerRequest({ uri, querystring });
}

describe('redirects: the shipped rules', () => {
  it.each([
    ['/about-us', '', '/about', 301],
    ['/about-us', 'ref=nav', '/about?ref=nav', 301],
    ['/docs/v1/intro', '', '/docs/intro', 308],
    ['/docs/v1/api/errors', 'x=1', '/docs/api/errors?x=1', 308],
    ['/blog/hello-world/amp', 'utm=1', 'https://blog.example.com/hello-world', 301],
    ['/checkout', '', '/cart/checkout', 307],
  ])('%s?%s → %s (%i)', async (uri, querystring, location, status) => {
    expectRedirect(await invoke(shipped, request(uri, querystring)), location, status);
  });

  it.each(['/about-us/', '/about', '/docs/v1', '/blog/x/amp/more', '/'])(
    'forwards %s unchanged',
    async (uri) => {
      const forwarded = expectForwarded(await invoke(shipped, request(uri, 'a=1')));
      expect(forwarded.uri).toBe(uri);
      expect(forwarded.querystring).toBe('a=1');
    },
  );
});

describe('redirects: rule semantics', () => {
  it('uses the first matching rule and joins query strings', async () => {
    const handler = createRedirects([
      { match: 'prefix', from: '/a/', to: '/first/?src=a', status: 302 },
      { match: 'exact', from: '/a/b', to: '/second' },
    ]);
    expectRedirect(await invoke(handler, request('/a/b', 'q=1')), '/first/b?src=a&q=1', 302);
  });

  it('fills several wildcards in order', async () => {
    const handler = createRedirects([
      {
        match: 'wildcard',
        from: '/u/*/posts/*',
        to: '/people/$1/p/$2',
        status: 308,
        query: 'drop',
      },
    ]);
    expectRedirect(
      await invoke(handler, request('/u/ana/posts/42', 'x=y')),
      '/people/ana/p/42',
      308,
    );
  });

  it.each([
    [{ match: 'exact', from: 'about', to: '/x' }, '"from" must start with "/"'],
    [{ match: 'exact', from: '/a', to: 'x' }, '"to" must be a path'],
    [{ match: 'exact', from: '/a', to: '/b', status: 303 }, 'status must be 301, 302, 307 or 308'],
    [{ match: 'wildcard', from: '/a/*', to: '/b/$2' }, 'uses $2 but "from" has 1'],
    [{ match: 'regex', from: '/a', to: '/b' }, 'match must be'],
  ])('refuses the rule %j when compiled', (rule, message) => {
    expect(() => createRedirects([rule as RedirectRule])).toThrow(message);
  });
});
