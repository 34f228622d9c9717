// `jwks --dev`: a way in for `pnpm dev`, where no real issuer signs tokens.
//
// - A local ES256 signing key, kept in the workspace's .edge/dev-keys/ (git ignores .edge/), is
//   made once and reused.
// - Its public half goes into src/jwks.dev.json, the dev JWKS, and never into src/jwks.json.
// - edge.config.ts gets JWT_DEV_KEYS: true in its `dev` stage (added, as a copy of the only
//   stage's values, when there is none): `pnpm dev` and `pnpm build` without --stage build
//   with it. Every other stage has JWT_DEV_KEYS: false, and its bundle drops the dev keys
//   (src/index.ts), so `--stage prod` builds and deploys never accept them.
// - A token signed with the key, for the issuer and audience of src/settings.ts, and a curl
//   line to try it are printed.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';

const KEY_TTL = '24h';
const DEV_DEFINE = 'JWT_DEV_KEYS';
const DEFAULT_PORT = 8787;

export class DevTokenError extends Error {}

/**
 * @param {{ packageDir: string, root?: string, out?: string, issuer?: string, audience?: string }} options
 */
export async function devToken(options) {
  const { packageDir } = options;
  const root = workspaceRoot(options.root ?? packageDir);
  const name = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).name;
  const settings = readSettings(join(packageDir, 'src', 'settings.ts'), options);
  const devJwksPath = options.out ?? join(packageDir, 'src', 'jwks.dev.json');
  const configPath = join(root, 'edge.config.ts');
  const config = readFileSync(configPath, 'utf8');
  const scaffold = await import('@edge-app/tools/scaffold');
  let edited;
  try {
    edited = scaffold.defineInDevStage(config, DEV_DEFINE, true);
  } catch (error) {
    if (!(error instanceof scaffold.ToolsError)) throw error;
    throw new DevTokenError(`${error.message}${error.hint ? ` ${error.hint}` : ''}`);
  }

  // Everything is known to work out: now the files, the key first.
  const keyPath = join(root, '.edge', 'dev-keys', `${name}.json`);
  const privateKey = await signingKey(keyPath);
  writeAtomic(devJwksPath, `${JSON.stringify({ keys: [publicPart(privateKey)] }, null, 2)}\n`);
  if (edited.source !== config) writeAtomic(configPath, edited.source);

  const token = await new SignJWT({ sub: 'dev-user', ...scopeClaim(settings.scopes) })
    .setProtectedHeader({ alg: 'ES256', kid: privateKey.kid, typ: 'JWT' })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(KEY_TTL)
    .sign(await importJWK(privateKey, 'ES256'));

  const { path, port } = await whereItRuns(root, name);
  const shown = (file) => relative(process.cwd(), file) || file;
  const lines = [
    `dev key ${privateKey.kid}: private in ${shown(keyPath)} (not committed), public in ${shown(devJwksPath)}.`,
    edited.createdStage
      ? `edge.config.ts: added the stage "dev" (${edited.copiedFrom ? `a copy of "${edited.copiedFrom}"'s define` : 'its own define'}, with ${DEV_DEFINE}: true); pnpm dev and pnpm build without --stage use it.`
      : `edge.config.ts: the stage "dev" has ${DEV_DEFINE}: true.`,
    `Only builds of the "dev" stage accept the dev key; --stage prod builds and deploys never contain it.`,
    '',
    `Token (sub dev-user, valid ${KEY_TTL}; run this again for a new one):`,
    token,
    '',
    'With `pnpm dev` running (without the header the answer is 401; with it the request goes on):',
    `curl -i -H 'Authorization: Bearer ${token}' http://localhost:${port}${path}`,
  ];
  return { token, lines, keyPath, devJwksPath, configPath };
}

/** The nearest directory at or above `start` with an edge.config.ts. */
function workspaceRoot(start) {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'edge.config.ts'))) return dir;
    if (dirname(dir) === dir) {
      throw new DevTokenError(
        `No edge.config.ts at or above ${start}: run this in a function package of a create-edge-app workspace.`,
      );
    }
  }
}

/** The issuer, audience and required scopes written as literals in src/settings.ts. */
function readSettings(path, overrides) {
  const source = readFileSync(path, 'utf8');
  const first = (key) => {
    const match = new RegExp(`\\b${key}:\\s*\\[?\\s*(['"\`])([^'"\`]+)\\1`).exec(source);
    return match?.[2];
  };
  const issuer = overrides.issuer ?? first('issuer');
  const audience = overrides.audience ?? first('audience');
  if (!issuer || !audience) {
    throw new DevTokenError(
      `Cannot read the ${issuer ? 'audience' : 'issuer'} from src/settings.ts (it is not a string literal there): pass --issuer <iss> and --audience <aud>.`,
    );
  }
  const scopesList = /\brequiredScopes:\s*\[([^\]]*)\]/.exec(source)?.[1] ?? '';
  const scopes = [...scopesList.matchAll(/(['"`])([^'"`]+)\1/g)].map((m) => m[2]);
  return { issuer, audience, scopes };
}

function scopeClaim(scopes) {
  return scopes.length > 0 ? { scope: scopes.join(' ') } : {};
}

/** The private JWK at `path`, made (and kept, readable by its owner only) when missing. */
async function signingKey(path) {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
  const pair = await generateKeyPair('ES256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const jwk = { ...(await exportJWK(pair.privateKey)), kid, alg: 'ES256', use: 'sig' };
  mkdirSync(dirname(path), { recursive: true });
  writeAtomic(path, `${JSON.stringify(jwk, null, 2)}\n`, 0o600);
  return jwk;
}

function publicPart({ kty, crv, x, y, kid, alg, use }) {
  return { kty, crv, x, y, kid, alg, use };
}

/** A path the function's behavior matches, and the port `pnpm dev` listens on. */
async function whereItRuns(root, name) {
  try {
    const { loadConfig } = await import('@edge-app/tools');
    const config = await loadConfig(root);
    const runsIt = (functions) =>
      Object.values(functions ?? {}).some(
        (association) => association === name || association?.function === name,
      );
    const behavior = (config.behaviors ?? []).find((b) => runsIt(b.functions));
    const path = behavior
      ? `/${behavior.pathPattern.replace(/^\//, '').replace(/\*/g, '').replace(/\?/g, 'x')}`
      : '/';
    return { path, port: config.dev?.port ?? DEFAULT_PORT };
  } catch {
    // The config could not be loaded here; the defaults are what a new project has.
    return { path: '/', port: DEFAULT_PORT };
  }
}

function writeAtomic(path, text, mode = 0o644) {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, path);
}
