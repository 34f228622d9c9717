import { createQueryNormalizer } from './normalize.ts';
import { normalization } from './settings.ts';

/**
 * Rewrites the query string to its normal form (settings.ts) before CloudFront looks in its
 * cache, so that equivalent URLs hit the same cache entry. Pair it with a cache policy that
 * forwards all query strings.
 */
export const handler = createQueryNormalizer(normalization);
