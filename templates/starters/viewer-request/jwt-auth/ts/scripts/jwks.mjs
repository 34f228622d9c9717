#!/usr/bin/env node
// Refreshes src/jwks.json, the public keys this function verifies tokens with. They are baked
// into the bundle at build time because Lambda@Edge has no environment variables and a fetch
// per cold start would delay requests; run this when the issuer rotates its keys, then rebuild
// and deploy.
//
//   pnpm --filter <this package> jwks https://issuer.example.com/.well-known/jwks.json
//   pnpm --filter <this package> jwks https://issuer.example.com/.well-known/openid-configuration
//   pnpm --filter <this package> jwks ./keys.json [--out src/jwks.json]
//
// Only signing keys for RS256 and ES256 are kept (the algorithms the function accepts), and
// only their public members: a private key in the source is stripped, never written.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const PUBLIC_MEMBERS = {
  RSA: ['kty', 'kid', 'use', 'alg', 'n', 'e'],
  EC: ['kty', 'kid', 'use', 'alg', 'crv', 'x', 'y'],
};
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

class UsageError extends Error {}

function parseArgs(argv) {
  const args = { source: undefined, out: join(packageDir, 'src', 'jwks.json') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') {
      const value = argv[++i];
      if (!value) throw new UsageError('--out needs a path.');
      args.out = resolve(value);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}.`);
    } else if (args.source) {
      throw new UsageError('Give one source: a URL or a file.');
    } else {
      args.source = arg;
    }
  }
  if (!args.source) throw new UsageError('Give the JWKS (or OpenID configuration) URL or file.');
  return args;
}

async function fetchJson(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok)
    throw new UsageError(`${url} answered ${response.status} ${response.statusText}.`);
  try {
    return await response.json();
  } catch {
    throw new UsageError(`${url} did not return JSON.`);
  }
}

async function readSource(source) {
  if (/^https?:\/\//.test(source)) {
    const document = await fetchJson(source);
    // An OpenID Provider configuration points at its key set (OpenID Connect Discovery §3).
    if (document && typeof document.jwks_uri === 'string' && !Array.isArray(document.keys)) {
      return { document: await fetchJson(document.jwks_uri), from: document.jwks_uri };
    }
    return { document, from: source };
  }
  let text;
  try {
    text = readFileSync(resolve(source), 'utf8');
  } catch {
    throw new UsageError(`Cannot read ${source}.`);
  }
  try {
    return { document: JSON.parse(text), from: source };
  } catch {
    throw new UsageError(`${source} is not JSON.`);
  }
}

/** The public part of a key this function can use, or why it is skipped. */
function usableKey(key) {
  const members = PUBLIC_MEMBERS[key?.kty];
  if (!members) return { skipped: `kty ${JSON.stringify(key?.kty)} is not RSA or EC` };
  if (key.use !== undefined && key.use !== 'sig') return { skipped: `use is "${key.use}"` };
  const alg = key.alg ?? (key.kty === 'RSA' ? 'RS256' : 'ES256');
  if (alg !== 'RS256' && alg !== 'ES256') return { skipped: `alg ${alg} is not RS256 or ES256` };
  if (key.kty === 'EC' && key.crv !== 'P-256') return { skipped: `curve ${key.crv} is not P-256` };
  const publicKey = {};
  for (const member of members) if (key[member] !== undefined) publicKey[member] = key[member];
  const hadPrivate = PRIVATE_MEMBERS.some((member) => key[member] !== undefined);
  return { key: publicKey, hadPrivate };
}

async function main(argv) {
  const { source, out } = parseArgs(argv);
  const { document, from } = await readSource(source);
  if (!document || !Array.isArray(document.keys)) {
    throw new UsageError(`${from} is not a JWKS: it has no "keys" array.`);
  }
  const keys = [];
  for (const [index, candidate] of document.keys.entries()) {
    const name = candidate?.kid ?? `#${index}`;
    const result = usableKey(candidate);
    if (result.skipped) {
      console.warn(`skipped key ${name}: ${result.skipped}`);
      continue;
    }
    if (result.hadPrivate)
      console.warn(`key ${name} had private members; only its public part is written`);
    keys.push(result.key);
  }
  if (keys.length === 0) throw new UsageError(`${from} has no RS256 or ES256 signing key.`);
  if (keys.length > 1 && keys.some((key) => key.kid === undefined)) {
    console.warn('some keys have no kid: tokens must then be verified against each candidate');
  }
  const temporary = `${out}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ keys }, null, 2)}\n`);
  renameSync(temporary, out);
  const summary = keys.map((key) => `${key.kid ?? '(no kid)'} ${key.alg ?? key.kty}`).join(', ');
  console.log(`wrote ${keys.length} key(s) to ${out}: ${summary}. Rebuild and deploy to use them.`);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`✖ ${error.message}`);
  console.error(
    '  Usage: jwks <https://…/jwks.json | https://…/openid-configuration | file> [--out <path>]',
  );
  process.exitCode = 1;
}
