/**
 * Real keys and signed tokens for the tests, made with jose: an RSA and an EC issuer key in
 * the JWKS, plus keys the JWKS does not know.
 */
import {
  type CryptoKey,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JSONWebKeySet,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from 'jose';

export const ISSUER = 'https://auth.test/';
export const AUDIENCE = 'https://app.test';

export interface TestKeys {
  jwks: JSONWebKeySet;
  rsa: CryptoKey;
  ec: CryptoKey;
  /** Not in the JWKS. */
  stranger: CryptoKey;
  /** The RSA public key as PEM, for the algorithm-confusion attack. */
  rsaPublicPem: string;
}

export async function makeKeys(): Promise<TestKeys> {
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  const stranger = await generateKeyPair('RS256');
  const jwks: JSONWebKeySet = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ],
  };
  return {
    jwks,
    rsa: rsa.privateKey,
    ec: ec.privateKey,
    stranger: stranger.privateKey,
    rsaPublicPem: await exportSPKI(rsa.publicKey),
  };
}

export interface TokenOptions {
  alg?: string;
  kid?: string | undefined;
  issuer?: string;
  audience?: string;
  /** Seconds from now; `null` leaves the claim out. */
  expiresIn?: number | null;
  notBeforeIn?: number;
  claims?: JWTPayload;
}

const now = () => Math.floor(Date.now() / 1000);

export async function sign(
  key: CryptoKey | Uint8Array,
  options: TokenOptions = {},
): Promise<string> {
  const alg = options.alg ?? 'RS256';
  const header =
    options.kid === undefined && 'kid' in options ? { alg } : { alg, kid: options.kid ?? 'rsa-1' };
  const jwt = new SignJWT({ sub: 'user-123', scope: 'read write', ...options.claims })
    .setProtectedHeader(header)
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt();
  if (options.expiresIn !== null) jwt.setExpirationTime(now() + (options.expiresIn ?? 300));
  if (options.notBeforeIn !== undefined) jwt.setNotBefore(now() + options.notBeforeIn);
  return jwt.sign(key);
}

/** `alg: none`: no signature at all. */
export function unsigned(): string {
  return new UnsecuredJWT({ sub: 'user-123' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime('5m')
    .encode();
}
