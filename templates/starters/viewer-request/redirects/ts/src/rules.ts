/**
 * The redirects, first match wins. Answered at the edge before the cache, so a redirected
 * request never reaches the origin. Keep the table small: it is in the bundle and checked on
 * every request.
 */
import type { RedirectRule } from './redirects.ts';

export const rules: RedirectRule[] = [
  // One page moved for good.
  { match: 'exact', from: '/about-us', to: '/about', status: 301 },
  // A whole section moved: /docs/v1/intro → /docs/intro, and so on below it.
  { match: 'prefix', from: '/docs/v1/', to: '/docs/', status: 308 },
  // Each `*` is captured and reused as $1, $2… in `to`.
  {
    match: 'wildcard',
    from: '/blog/*/amp',
    to: 'https://blog.example.com/$1',
    status: 301,
    query: 'drop',
  },
  // Temporary: keeps the method and body of a POST.
  { match: 'exact', from: '/checkout', to: '/cart/checkout', status: 307 },
];
