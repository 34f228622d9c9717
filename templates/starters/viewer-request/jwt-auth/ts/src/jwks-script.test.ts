import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair, generateSecret } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/jwks.mjs', import.meta.url));
const run = promisify(execFile);

async function jwks(args: string[]) {
  return run(process.execPath, [script, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}

let dir: string;
let server: Server;
let baseUrl: string;
const served: Record<string, unknown> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jwks-script-'));
  server = createServer((request, response) => {
    const body = served[request.url ?? ''];
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(body ? JSON.stringify(body) : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

describe('the jwks script', () => {
  it('keeps only the public members of RS256/ES256 signing keys from a file', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const ec = await generateKeyPair('ES384', { extractable: true });
    const secret = await generateSecret('HS256', { extractable: true });
    const source = join(dir, 'private.json');
    writeFileSync(
      source,
      JSON.stringify({
        keys: [
          { ...(await exportJWK(rsa.privateKey)), kid: 'rsa-1', use: 'sig' },
          { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-enc', use: 'enc' },
          { ...(await exportJWK(ec.publicKey)), kid: 'ec-384' },
          { ...(await exportJWK(secret)), kid: 'hmac' },
        ],
      }),
    );
    const out = join(dir, 'out.json');

    const result = await jwks([source, '--out', out]);

    expect(result.code).toBe(0);
    expect(result.output).toContain('key rsa-1 had private members');
    expect(result.output).toContain('skipped key rsa-enc: use is "enc"');
    expect(result.output).toContain('skipped key ec-384: curve P-384 is not P-256');
    expect(result.output).toContain('skipped key hmac: kty "oct" is not RSA or EC');
    const written = JSON.parse(readFileSync(out, 'utf8'));
    const publicJwk = await exportJWK(rsa.publicKey);
    expect(written).toEqual({
      keys: [{ kty: 'RSA', kid: 'rsa-1', use: 'sig', n: publicJwk.n, e: publicJwk.e }],
    });
  });

  it('follows jwks_uri from an OpenID configuration URL', async () => {
    const ec = await generateKeyPair('ES256', { extractable: true });
    served['/.well-known/openid-configuration'] = { issuer: baseUrl, jwks_uri: `${baseUrl}/keys` };
    served['/keys'] = { keys: [{ ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256' }] };
    const out = join(dir, 'oidc.json');

    const result = await jwks([`${baseUrl}/.well-known/openid-configuration`, '--out', out]);

    expect(result.output).toContain('wrote 1 key(s)');
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).keys.map((k: { kid: string }) => k.kid)).toEqual([
      'ec-1',
    ]);
  });

  it.each([
    [['--out'], '--out needs a path'],
    [[], 'Give the JWKS'],
    [['/no/such/file.json'], 'Cannot read /no/such/file.json'],
  ])('refuses %j', async (args, message) => {
    const result = await jwks(args);
    expect(result.code).toBe(1);
    expect(result.output).toContain(message);
    expect(result.output).toContain('Usage: jwks');
  });

  it('refuses a document without keys and a URL that fails, writing nothing', async () => {
    const out = join(dir, 'untouched.json');
    writeFileSync(out, 'before');
    const notJwks = join(dir, 'not-jwks.json');
    writeFileSync(notJwks, '{"issuer":"x"}');

    const missing = await jwks([notJwks, '--out', out]);
    const failing = await jwks([`${baseUrl}/missing`, '--out', out]);

    expect(missing.output).toContain('is not a JWKS: it has no "keys" array');
    expect(failing.output).toContain('answered 404');
    expect([missing.code, failing.code]).toEqual([1, 1]);
    expect(readFileSync(out, 'utf8')).toBe('before');
  });
});
