import { createJwtAuthorizer } from './authorizer.ts';
import jwks from './jwks.json' with { type: 'json' };
import { settings } from './settings.ts';

/**
 * Lets a viewer request through only with a valid `Authorization: Bearer <JWT>`: signed
 * (RS256 or ES256) by a key in jwks.json, from the configured issuer, for the configured
 * audience, within its `nbf`/`exp` window. Everything else gets a 401/400/403 answer straight
 * from the edge, before the cache and the origin. The JWKS is imported statically so the
 * bundle carries it: the function never fetches keys at run time.
 */
export const handler = createJwtAuthorizer({ ...settings, jwks });
