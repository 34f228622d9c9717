import { fileURLToPath } from 'node:url';
import { viewerRequest } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectForwarded, expectRedirect } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';

// Runs src/index.py in a python3 process, as the Python Lambda runtime would.
const handler = fileURLToPath(new URL('../src/index.py', import.meta.url));

function request(uri: string, querystring = '') {
  return viewerRequest({ uri, querystring });
}

describe('redirects (Python)', () => {
  it.each([
    ['/about-us', '', '/about', 301],
    ['/about-us', 'ref=nav', '/about?ref=nav', 301],
    ['/docs/v1/intro', '', '/docs/intro', 308],
    ['/docs/v1/api/errors', 'x=1', '/docs/api/errors?x=1', 308],
    ['/blog/hello-world/amp', 'utm=1', 'https://blog.example.com/hello-world', 301],
    ['/checkout', '', '/cart/checkout', 307],
  ])('%s?%s → %s (%i)', async (uri, querystring, location, status) => {
    expectRedirect(await invoke(handler, request(uri, querystring)), location, status);
  });

  it.each(['/about-us/', '/about', '/docs/v1', '/blog/x/amp/more', '/'])(
    'forwards %s unchanged',
    async (uri) => {
      const forwarded = expectForwarded(await invoke(handler, request(uri, 'a=1')));
      expect(forwarded.uri).toBe(uri);
      expect(forwarded.querystring).toBe('a=1');
    },
  );
});
