import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createLocalJWKSet, exportJWK, generateKeyPair, generateSecret, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/jwks.mjs', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Where @edge-app/runtime is installed for an edge.config.ts to import: the workspace this
 * package is in (a generated project), else the project root this repository keeps beside the
 * starters.
 */
function installedWorkspace(): string {
  for (let dir = packageDir; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'edge.config.ts'))) return dir;
  }
  return fileURLToPath(new URL('../../../../../workspace/', import.meta.url));
}
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
    [['--out'], '--out needs a value'],
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

describe('jwks --dev', () => {
  const name = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).name;

  /** A workspace whose /api/* behavior runs this package, with one stage, as gen trigger leaves it. */
  function workspace(): string {
    const root = mkdtempSync(join(dir, 'workspace-'));
    writeFileSync(
      join(root, 'edge.config.ts'),
      `import { defineConfig } from '@edge-app/runtime';

export default defineConfig({
  origins: { default: { dir: 'public' } },
  defaultBehavior: { origin: 'default', functions: {} },
  behaviors: [{ pathPattern: '/api/*', origin: 'default', functions: { 'viewer-request': '${name}' } }],
  stages: {
    prod: {
      // deploys here
      define: { JWT_DEV_KEYS: false },
    },
  },
});
`,
    );
    symlinkSync(join(installedWorkspace(), 'node_modules'), join(root, 'node_modules'), 'dir');
    return root;
  }

  it('makes a local key, adds its public half to the dev JWKS only, and prints a token', async () => {
    const root = workspace();
    const devJwks = join(root, 'jwks.dev.json');

    const result = await jwks(['--dev', '--root', root, '--out', devJwks]);

    expect(result.code, result.output).toBe(0);
    const productionJwks = readFileSync(join(packageDir, 'src', 'jwks.json'), 'utf8');
    const key = join(root, '.edge', 'dev-keys', `${name}.json`);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const privateJwk = JSON.parse(readFileSync(key, 'utf8'));
    expect(privateJwk).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      d: expect.any(String),
    });
    const published = JSON.parse(readFileSync(devJwks, 'utf8'));
    expect(published.keys).toHaveLength(1);
    expect(published.keys[0]).not.toHaveProperty('d');
    expect(published.keys[0].x).toBe(privateJwk.x);
    // The production JWKS of the package is not touched.
    expect(readFileSync(join(packageDir, 'src', 'jwks.json'), 'utf8')).toBe(productionJwks);

    const config = readFileSync(join(root, 'edge.config.ts'), 'utf8');
    expect(config).toContain(`  stages: {
    // Local development: \`pnpm dev\` and \`pnpm build\` without --stage build with these values.
    dev: { define: { JWT_DEV_KEYS: true } },
    prod: {
      // deploys here
      define: { JWT_DEV_KEYS: false },
    },`);
    expect(result.output).toContain('added the stage "dev"');

    // The token verifies against the dev JWKS with the issuer and audience of settings.ts.
    const token = result.output.split('\n').find((line) => /^ey[\w-]+\.[\w-]+\.[\w-]+$/.test(line));
    expect(token).toBeDefined();
    const { payload } = await jwtVerify(token!, createLocalJWKSet(published), {
      issuer: 'https://auth.example.com/',
      audience: 'https://app.example.com',
    });
    expect(payload.sub).toBe('dev-user');
    expect(result.output).toContain(
      `curl -i -H 'Authorization: Bearer ${token}' http://localhost:8787/`,
    );

    // Again: the same key, a new token, the config as it is.
    const again = await jwks(['--dev', '--root', root, '--out', devJwks]);
    expect(again.code).toBe(0);
    expect(JSON.parse(readFileSync(key, 'utf8')).kid).toBe(privateJwk.kid);
    expect(readFileSync(join(root, 'edge.config.ts'), 'utf8')).toBe(config);
    expect(again.output).toContain('the stage "dev" has JWT_DEV_KEYS: true');
  });

  it('refuses to run outside a workspace, writing nothing', async () => {
    const lonely = mkdtempSync(join(dir, 'lonely-'));
    mkdirSync(join(lonely, 'sub'));
    const result = await jwks([
      '--dev',
      '--root',
      join(lonely, 'sub'),
      '--out',
      join(lonely, 'x.json'),
    ]);
    expect(result.code).toBe(1);
    expect(existsSync(join(lonely, 'x.json'))).toBe(false);
  });
});
