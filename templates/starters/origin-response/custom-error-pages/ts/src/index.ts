import { createErrorPages } from './error-pages.ts';
import { rules } from './rules.ts';

/**
 * Replaces origin error responses with the pages and redirects of rules.ts before CloudFront
 * caches them; successful responses pass through untouched.
 */
export const handler = createErrorPages(rules);
