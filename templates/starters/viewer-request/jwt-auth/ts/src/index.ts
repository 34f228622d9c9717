import { createJwtAuthorizer } from './authorizer.ts';
import devJwks from './jwks.dev.json' with { type: 'json' };
import jwks from './jwks.json' with { type: 'json' };
import { settings } from './settings.ts';

/**
 * Build-time values of the stage being built (edge.config.ts, `stages.<stage>.define`).
 * JWT_DEV_KEYS is `true` only in the `dev` stage that `pnpm jwks --dev` adds, which `pnpm dev`
 * builds with; every other stage has `false`.
 */
declare const EDGE_CONFIG: { readonly JWT_DEV_KEYS: boolean };

/**
 * Lets a viewer request through only with a valid `Authorization: Bearer <JWT>`: signed
 * (RS256 or ES256) by a key in jwks.json, from the configured issuer, for the configured
 * audience, within its `nbf`/`exp` window. Everything else gets a 401/400/403 answer straight
 * from the edge, before the cache and the origin. The JWKS is imported statically so the
 * bundle carries it: the function never fetches keys at run time.
 *
 * The keys of jwks.dev.json (a local signing key, from `pnpm jwks --dev`) are added only when
 * JWT_DEV_KEYS is true. The condition is a constant in the bundle, so for any other stage the
 * build drops the branch, and the dev keys with it: a production bundle never holds them.
 */
const keys = EDGE_CONFIG.JWT_DEV_KEYS ? { keys: [...jwks.keys, ...devJwks.keys] } : jwks;

export const handler = createJwtAuthorizer({ ...settings, jwks: keys });
