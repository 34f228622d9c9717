/**
 * The experiment. Each variant's pages live under its own path prefix at the origin, so the
 * URI rewrite gives every variant its own cache entries without putting the cookie in the
 * cache key. Keep `cookie` and `header` the same in the viewer-response ab-testing function,
 * which sets the sticky cookie.
 */
import type { Experiment } from './ab-router.ts';

export const experiment: Experiment = {
  cookie: 'ab-variant',
  /** Request header naming the variant, for the origin and for viewer-response. */
  header: 'x-ab-variant',
  /** Only paths starting with one of these take part; others pass through untouched. */
  paths: ['/'],
  variants: [
    { name: 'control', weight: 50, pathPrefix: '' },
    { name: 'new-home', weight: 50, pathPrefix: '/experiments/new-home' },
  ],
};
