/**
 * Which query parameters matter. `?Page=2&utm_source=x&sort=Price` and `?page=2&sort=price`
 * are one page to the origin but two cache entries to CloudFront, whose cache key holds the
 * query string as written; normalizing it before the cache lookup makes them one.
 */
import type { QueryNormalization } from './normalize.ts';

export const normalization: QueryNormalization = {
  /** Parameters the origin reads, in lower case; every other one is dropped. */
  allowed: ['page', 'q', 'sort', 'lang'],
  /** Parameters whose values are case-insensitive and lower-cased (names always are). */
  lowerCaseValues: ['sort', 'lang'],
  /** Sort by name; repeated names keep their values' order. */
  sort: true,
  /** Drop `?page=` and `?q` (no value). */
  dropEmpty: true,
};
