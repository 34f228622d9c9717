import { createRedirects } from './redirects.ts';
import { rules } from './rules.ts';

/**
 * Answers requests that match a rule in rules.ts with a redirect, straight from the edge;
 * every other request goes on to the cache unchanged.
 */
export const handler = createRedirects(rules);
