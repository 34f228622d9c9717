import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeader, type HeadersInit, viewerRequest } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectForwarded, expectHeader, expectResponse } from '@edge-app/runtime/testing';
import { type CryptoKey, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtAuthorizer, type JwtAuthSettings } from './authorizer.ts';
import { AUDIENCE, ISSUER, makeKeys, sign, type TestKeys, unsigned } from './test-tokens.ts';

const settings: JwtAuthSettings = {
  issuer: ISSUER,
  audience: AUDIENCE,
  algorithms: ['RS256', 'ES256'],
  clockToleranceSeconds: 30,
  realm: 'test',
  requiredScopes: [],
  forwardClaims: { sub: 'x-auth-subject', roles: 'x-auth-roles' },
};

let keys: TestKeys;
beforeAll(async () => {
  keys = await makeKeys();
});

/** The authorizer with the test keys, run through invoke (in-process, CloudFront's rules applied). */
function run(headers: HeadersInit, overrides: Partial<JwtAuthSettings> = {}) {
  const handler = createJwtAuthorizer({ ...settings, ...overrides, jwks: keys.jwks });
  return invoke(handler, viewerRequest({ uri: '/account', headers }), { functionName: 'auth' });
}

function bearer(token: string): HeadersInit {
  return { authorization: `Bearer ${token}` };
}

/** A 401 invalid_token whose description says why. */
async function expectInvalidToken(headers: HeadersInit, reason: string | RegExp) {
  const response = expectResponse(await run(headers), 401);
  const challenge = getHeader(response.headers, 'www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="test", error="invalid_token", error_description="/);
  expect(challenge).toMatch(reason);
  expectHeader(response, 'cache-control', 'no-store');
}

describe('jwt-auth: valid tokens', () => {
  it('forwards a request with a valid RS256 token and passes the subject to the origin', async () => {
    const request = expectForwarded(await run(bearer(await sign(keys.rsa)), {}));
    expectHeader(request, 'x-auth-subject', 'user-123');
    expect(request.uri).toBe('/account');
  });

  it('accepts ES256 from the EC key', async () => {
    const token = await sign(keys.ec, { alg: 'ES256', kid: 'ec-1' });
    expectForwarded(await run(bearer(token)));
  });

  it('accepts a token that expired within the clock tolerance', async () => {
    expectForwarded(await run(bearer(await sign(keys.rsa, { expiresIn: -10 }))));
  });

  it('accepts a lower-case scheme', async () => {
    expectForwarded(await run({ authorization: `bearer ${await sign(keys.rsa)}` }));
  });

  it('replaces forged claim headers and writes non-string claims as JSON', async () => {
    const token = await sign(keys.rsa, { claims: { roles: ['admin', 'ops'] } });
    const request = expectForwarded(
      await run({ ...bearer(token), 'x-auth-subject': 'forged', 'x-auth-roles': 'root' }),
    );
    expectHeader(request, 'x-auth-subject', 'user-123');
    expectHeader(request, 'x-auth-roles', '["admin","ops"]');
  });

  it('URI-encodes a claim that is not printable ASCII', async () => {
    const token = await sign(keys.rsa, { claims: { sub: 'Zoë\nAdmin' } });
    const request = expectForwarded(await run(bearer(token)));
    expectHeader(request, 'x-auth-subject', 'Zo%C3%AB%0AAdmin');
  });

  it('drops a forged claim header when the token lacks that claim', async () => {
    const request = expectForwarded(
      await run({ ...bearer(await sign(keys.rsa)), 'x-auth-roles': 'root' }),
    );
    expect(getHeader(request.headers, 'x-auth-roles')).toBeUndefined();
  });
});

describe('jwt-auth: refusals', () => {
  it('answers 401 with a bare challenge when there is no Authorization header', async () => {
    const response = expectResponse(await run({}), 401);
    expectHeader(response, 'www-authenticate', 'Bearer realm="test"');
  });

  it('answers 401 with a bare challenge for another scheme', async () => {
    const response = expectResponse(await run({ authorization: 'Basic dXNlcjpwYXNz' }), 401);
    expectHeader(response, 'www-authenticate', 'Bearer realm="test"');
  });

  it('answers 400 invalid_request for two Authorization headers', async () => {
    const token = await sign(keys.rsa);
    const response = expectResponse(
      await run({ authorization: [`Bearer ${token}`, `Bearer ${token}`] }),
      400,
    );
    expect(getHeader(response.headers, 'www-authenticate')).toContain('error="invalid_request"');
  });

  it.each([
    ['an empty token', 'Bearer '],
    ['a token with spaces', 'Bearer abc def'],
    ['one segment', 'Bearer abc'],
    ['non-JSON segments', 'Bearer abc.def.ghi'],
  ])('answers 401 for a malformed token: %s', async (_, authorization) => {
    await expectInvalidToken({ authorization }, /malformed/);
  });

  it('refuses alg "none"', async () => {
    await expectInvalidToken(bearer(unsigned()), /algorithm is not accepted|malformed|invalid/);
  });

  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const secret = new TextEncoder().encode(keys.rsaPublicPem);
    const token = await sign(secret, { alg: 'HS256', kid: 'rsa-1' });
    await expectInvalidToken(bearer(token), /algorithm is not accepted/);
  });

  it('refuses an unknown kid', async () => {
    await expectInvalidToken(
      bearer(await sign(keys.stranger, { kid: 'other' })),
      /not signed by a known key/,
    );
  });

  it('refuses a token signed by another key under a known kid', async () => {
    await expectInvalidToken(
      bearer(await sign(keys.stranger, { kid: 'rsa-1' })),
      /signature is invalid/,
    );
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const [head, , signature] = (await sign(keys.rsa)).split('.');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'admin', iss: ISSUER, aud: AUDIENCE, exp: 9999999999 }),
    ).toString('base64url');
    await expectInvalidToken(bearer(`${head}.${payload}.${signature}`), /signature is invalid/);
  });

  it('refuses an expired token', async () => {
    await expectInvalidToken(bearer(await sign(keys.rsa, { expiresIn: -120 })), /expired/);
  });

  it('refuses a token that is not valid yet', async () => {
    await expectInvalidToken(bearer(await sign(keys.rsa, { notBeforeIn: 120 })), /not valid yet/);
  });

  it('refuses a token without an expiry', async () => {
    await expectInvalidToken(bearer(await sign(keys.rsa, { expiresIn: null })), /exp claim/);
  });

  it('refuses another issuer', async () => {
    await expectInvalidToken(
      bearer(await sign(keys.rsa, { issuer: 'https://evil.test/' })),
      /iss claim/,
    );
  });

  it('refuses another audience', async () => {
    await expectInvalidToken(
      bearer(await sign(keys.rsa, { audience: 'https://other.test' })),
      /aud claim/,
    );
  });

  it('answers 403 insufficient_scope when a required scope is missing', async () => {
    const outcome = await run(bearer(await sign(keys.rsa)), { requiredScopes: ['admin'] });
    const response = expectResponse(outcome, 403);
    expect(getHeader(response.headers, 'www-authenticate')).toBe(
      'Bearer realm="test", error="insufficient_scope", error_description="The token lacks a required scope", scope="admin"',
    );
  });
});

describe('jwt-auth: the shipped handler', () => {
  // Runs src/index.ts as deployed: bundled with jose and the baked-in jwks.json, in a worker.
  // EDGE_CONFIG is what a production stage's build inlines (JWT_DEV_KEYS: false).
  const handler = fileURLToPath(new URL('./index.ts', import.meta.url));
  const production = { globals: { EDGE_CONFIG: { JWT_DEV_KEYS: false } } };

  it('challenges a request without a token', async () => {
    const response = expectResponse(
      await invoke(handler, viewerRequest({ uri: '/' }), production),
      401,
    );
    expectHeader(response, 'www-authenticate', 'Bearer realm="app"');
  });

  it('refuses a token signed by a key that jwks.json does not hold', async () => {
    const token = await sign(keys.stranger, {
      kid: 'not-in-jwks',
      issuer: 'https://auth.example.com/',
      audience: 'https://app.example.com',
    });
    const outcome = await invoke(handler, viewerRequest({ headers: bearer(token) }), production);
    const response = expectResponse(outcome, 401);
    expect(getHeader(response.headers, 'www-authenticate')).toContain('error="invalid_token"');
  });
});

describe('jwt-auth: the dev keys of jwks.dev.json (`jwks --dev`)', () => {
  let copy: string;
  let devKey: CryptoKey;

  /** The package's sources in a temporary directory, with a dev key in jwks.dev.json. */
  beforeAll(async () => {
    copy = mkdtempSync(join(tmpdir(), 'jwt-auth-dev-'));
    const src = fileURLToPath(new URL('.', import.meta.url));
    for (const file of readdirSync(src)) {
      if (!file.endsWith('.test.ts')) copyFileSync(join(src, file), join(copy, file));
    }
    symlinkSync(
      fileURLToPath(new URL('../node_modules', import.meta.url)),
      join(copy, 'node_modules'),
    );
    const pair = await generateKeyPair('ES256', { extractable: true });
    devKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'dev-1', alg: 'ES256', use: 'sig' };
    writeFileSync(join(copy, 'jwks.dev.json'), JSON.stringify({ keys: [jwk] }));
  });

  afterAll(() => {
    rmSync(copy, { recursive: true, force: true });
  });

  async function withDevToken(devKeys: boolean) {
    const token = await sign(devKey, {
      alg: 'ES256',
      kid: 'dev-1',
      issuer: 'https://auth.example.com/',
      audience: 'https://app.example.com',
    });
    return invoke(join(copy, 'index.ts'), viewerRequest({ headers: bearer(token) }), {
      globals: { EDGE_CONFIG: { JWT_DEV_KEYS: devKeys } },
    });
  }

  it('lets a dev token in where the stage sets JWT_DEV_KEYS (the dev stage)', async () => {
    const request = expectForwarded(await withDevToken(true));
    expectHeader(request, 'x-auth-subject', 'user-123');
  });

  it('refuses it in every other stage', async () => {
    const response = expectResponse(await withDevToken(false), 401);
    expect(getHeader(response.headers, 'www-authenticate')).toContain('not signed by a known key');
  });
});
