/**
 * Bearer-token authorization at the edge: the token is verified against public keys that were
 * baked into the bundle, so no request ever waits on the issuer (and Lambda@Edge could not be
 * configured with its URL at run time anyway: it has no environment variables).
 * Only named jose functions are imported, so the bundle carries just JWS verification; headers
 * are handled directly (CloudFront gives their names in lower case) to keep it under 20 KB.
 */
import type { GeneratedResponse, ViewerRequest, ViewerRequestEvent } from '@edge-app/events';
import { createLocalJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import { bearerError, challenge } from './responses.ts';

export interface JwtAuthSettings {
  issuer: string | string[];
  audience: string | string[];
  algorithms: Array<'RS256' | 'ES256'>;
  clockToleranceSeconds: number;
  realm: string;
  requiredScopes: string[];
  /** Claim name → request header (lower case) sent to the origin. */
  forwardClaims: Record<string, string>;
}

/** `Bearer <b64token>` (RFC 6750 §2.1); the scheme is case-insensitive (RFC 9110 §11.1). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Why a token was refused, by jose's error code, in words a client developer can act on. */
const REASONS: Record<string, string> = {
  ERR_JWT_EXPIRED: 'The token has expired',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'A claim of the token is not accepted',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'The token signature is invalid',
  ERR_JOSE_ALG_NOT_ALLOWED: 'The token algorithm is not accepted',
  ERR_JWKS_NO_MATCHING_KEY: 'The token was not signed by a known key',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'The token does not say which key signed it',
  ERR_JWS_INVALID: 'The token is malformed',
  ERR_JWT_INVALID: 'The token is malformed',
  ERR_JOSE_NOT_SUPPORTED: 'The token uses an unsupported algorithm or key',
};

function reasonFor(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const claim = (error as { claim?: unknown } | null)?.claim;
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && typeof claim === 'string') {
    return claim === 'nbf'
      ? 'The token is not valid yet'
      : `The ${claim} claim of the token is not accepted`;
  }
  return (typeof code === 'string' && REASONS[code]) || 'The token is invalid';
}

/** A claim as header text: strings as they are, other values as JSON; URI-encoded unless printable ASCII. */
function headerValue(claim: unknown): string {
  const text = typeof claim === 'string' ? claim : JSON.stringify(claim);
  return /^[\x20-\x7e]*$/.test(text) ? text : encodeURIComponent(text);
}

function scopesOf(payload: JWTPayload): string[] {
  const scope = payload.scope ?? payload.scp;
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean);
  return Array.isArray(scope) ? scope.filter((s): s is string => typeof s === 'string') : [];
}

export function createJwtAuthorizer(
  settings: JwtAuthSettings & { jwks: JSONWebKeySet },
): (event: ViewerRequestEvent) => Promise<ViewerRequest | GeneratedResponse> {
  const keys = createLocalJWKSet(settings.jwks);
  const noKeys = settings.jwks.keys.length === 0;
  const { realm } = settings;

  return async function handler(event) {
    const { request } = event.Records[0].cf;
    // Whatever the outcome, the viewer never gets to set the headers the origin trusts.
    for (const name of Object.values(settings.forwardClaims)) delete request.headers[name];

    const authorization = (request.headers.authorization ?? []).map((line) => line.value);
    if (authorization.length === 0) return challenge(realm);
    if (authorization.length > 1) {
      return bearerError(realm, 'invalid_request', 'Send one Authorization header');
    }
    const credentials = authorization[0] ?? '';
    if (!/^bearer(\s|$)/i.test(credentials)) return challenge(realm);
    const token = BEARER.exec(credentials)?.[1];
    if (!token) return bearerError(realm, 'invalid_token', 'The token is malformed');
    if (noKeys) {
      console.error(
        'jwks.json has no keys: every token is refused. Run the package\'s "jwks" script with the issuer\'s JWKS URL, or "jwks --dev" for a local key and token for pnpm dev.',
      );
    }

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: settings.algorithms,
        clockTolerance: settings.clockToleranceSeconds,
        // A token without an expiry would be valid forever.
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      return bearerError(realm, 'invalid_token', reasonFor(error));
    }

    const scopes = scopesOf(payload);
    const missing = settings.requiredScopes.filter((scope) => !scopes.includes(scope));
    if (missing.length > 0) {
      return bearerError(
        realm,
        'insufficient_scope',
        'The token lacks a required scope',
        settings.requiredScopes.join(' '),
      );
    }

    for (const [claim, name] of Object.entries(settings.forwardClaims)) {
      const value = payload[claim];
      if (value !== undefined) request.headers[name] = [{ value: headerValue(value) }];
    }
    return request;
  };
}
