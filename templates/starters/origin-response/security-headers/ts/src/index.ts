import { policy } from './policy.ts';
import { createSecurityHeaders } from './security-headers.ts';

/**
 * Adds the security headers of policy.ts to every response from the origin, before it is
 * cached. Headers the origin already set are kept unless `override` is true.
 */
export const handler = createSecurityHeaders(policy);
