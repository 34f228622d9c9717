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
//
//   pnpm --filter <this package> jwks --dev
//
// makes a local signing key for `pnpm dev` instead, and prints a token: see dev-token.mjs.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DevTokenError, devToken } from './dev-token.mjs';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const PUBLIC_MEMBERS = {
  RSA: ['kty', 'kid', 'use', 'alg', 'n', 'e'],
  EC: ['kty', 'kid', 'use', 'alg', 'crv', 'x', 'y'],
};
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

class UsageError extends Error {}

const VALUE_OPTIONS = ['--out', '--root', '--issuer', '--audience'];

function parseArgs(argv) {
  const args = { source: undefined, out: undefined, dev: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (VALUE_OPTIONS.includes(arg)) {
      const value = argv[++i];
      if (!value) throw new UsageError(`${arg} needs a value.`);
      const name = arg.slice(2);
      args[name] = name === 'out' || name === 'root' ? resolve(value) : value;
    } else if (arg === '--dev') {
      args.dev = true;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}.`);
    } else if (args.source) {
      throw new UsageError('Give one source: a URL or a file.');
    } else {
      args.source = arg;
    }
  }
  if (args.dev && args.source) throw new UsageError('--dev takes no source: it makes its own key.');
  if (!args.dev && !args.source) {
    throw new UsageError('Give the JWKS (or OpenID configuration) URL or file, or --dev.');
  }
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
  const args = parseArgs(argv);
  if (args.dev) {
    const { lines } = await devToken({ ...args, packageDir });
    console.log(lines.join('\n'));
    return;
  }
  const { source } = args;
  const out = args.out ?? join(packageDir, 'src', 'jwks.json');
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
  if (!(error instanceof UsageError) && !(error instanceof DevTokenError)) throw error;
  console.error(`✖ ${error.message}`);
  console.error(
    '  Usage: jwks <https://…/jwks.json | https://…/openid-configuration | file> [--out <path>]\n' +
      '         jwks --dev [--issuer <iss>] [--audience <aud>]   (a local key and token for pnpm dev)',
  );
  process.exitCode = 1;
}
