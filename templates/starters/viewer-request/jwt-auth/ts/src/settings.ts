/**
 * What this function accepts. Lambda@Edge has no environment variables, so these values are
 * compiled into the bundle: change them here and rebuild. For a value that differs by stage,
 * write e.g. `issuer: EDGE_CONFIG.JWT_ISSUER` and set `JWT_ISSUER` in every stage's `define` in
 * edge.config.ts. The public keys live in jwks.json beside this file; refresh them with
 * `pnpm --filter <this package> jwks <https://issuer/.well-known/jwks.json or a file>`.
 * For `pnpm dev`, `pnpm --filter <this package> jwks --dev` makes a local key (its public half in
 * jwks.dev.json, used by the dev stage's builds only) and prints a token for the issuer and
 * audience written here.
 */
import type { JwtAuthSettings } from './authorizer.ts';

export const settings: JwtAuthSettings = {
  /** `iss` must be exactly this (or one of these). */
  issuer: 'https://auth.example.com/',
  /** `aud` must contain this (or one of these). */
  audience: 'https://app.example.com',
  /** Asymmetric only: HS256 would let anyone holding the public key mint tokens. */
  algorithms: ['RS256', 'ES256'],
  /** Allowed clock skew between the issuer and the edge, for `exp` and `nbf`. */
  clockToleranceSeconds: 30,
  /** Shown in `WWW-Authenticate: Bearer realm="..."`. */
  realm: 'app',
  /** Every scope here must be in the token's `scope` claim, or the answer is 403. */
  requiredScopes: [],
  /**
   * Claims passed to the origin as request headers (claim → header). The viewer's own
   * headers with these names are always removed first, so they cannot be forged.
   */
  forwardClaims: { sub: 'x-auth-subject' },
};
