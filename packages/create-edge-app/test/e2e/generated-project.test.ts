/**
 * The whole product, as a user gets it: the built CLI creates a project with all four
 * triggers in a temp directory outside this repository, installs it, and the project's own
 * `typecheck`, `test` and `build` pass; `dev` serves a real HTTP request through the
 * triggers. One install is shared by every test in this file.
 */
import type { ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/hash.ts';
import { listProjectFiles } from '../../src/render/manifest.ts';
import { pnpmCommand } from '../../src/steps/install.ts';
import { assertBuilt, GIT_IDENTITY, runCli } from './helpers/cli.ts';
import { startDev as startProjectDev, stopDev } from './helpers/dev-server.ts';
import { stripAnsi } from './helpers/pty.ts';

const TRIGGERS = ['viewer-request', 'origin-request', 'origin-response', 'viewer-response'];
const pnpm = pnpmCommand();
let cwd: string;
let project: string;

function runPnpm(args: string[]) {
  return execa(pnpm.file, [...pnpm.prefix, ...args], {
    cwd: project,
    stdin: 'ignore',
    reject: false,
    all: true,
    timeout: 240_000,
    env: { CI: 'true' },
  });
}

beforeAll(async () => {
  assertBuilt();
  cwd = realpathSync(mkdtempSync(join(tmpdir(), 'cea-e2e-')));
  project = join(cwd, 'edge-shop');
  const created = await runCli(['edge-shop', '--yes'], {
    cwd,
    timeoutMs: 280_000,
    env: GIT_IDENTITY,
  });
  expect(created.exitCode, `${created.stdout}\n${created.stderr}`).toBe(0);
});

afterAll(() => {
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

describe('a project created with --yes', () => {
  it('has a function per trigger, installed, committed, and recorded in .edge-app.json', async () => {
    const record = JSON.parse(readFileSync(join(project, '.edge-app.json'), 'utf8'));
    expect(record.answers.functions.map((f: { trigger: string }) => f.trigger)).toEqual(TRIGGERS);
    // Install and git added node_modules, a lockfile and .git; every generated file is as recorded.
    for (const [path, hash] of Object.entries(record.files as Record<string, string>)) {
      expect(sha256(readFileSync(join(project, path))), path).toBe(hash);
    }
    const tracked = await execa('git', ['ls-files'], { cwd: project });
    const files = tracked.stdout.split('\n');
    expect(files).toContain('pnpm-lock.yaml');
    expect(files).toContain('.edge-app.json');
    expect(files.some((f) => f.startsWith('node_modules/'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', '.pnpm'))).toBe(true);
  });

  it('installs the shared @edge-app/* packages from its vendor/ tarballs, not from sources', () => {
    expect(readdirSync(join(project, 'packages')).sort()).toEqual([...TRIGGERS].sort());
    const yaml = readFileSync(join(project, 'pnpm-workspace.yaml'), 'utf8');
    const vendor = readdirSync(join(project, 'vendor'));
    for (const name of ['events', 'runtime', 'tools']) {
      const file = vendor.find((entry) => entry.startsWith(`edge-app-${name}-`));
      const tarball = `vendor/${file}`;
      expect(yaml).toContain(`'@edge-app/${name}': 'file:${tarball}'`);
      expect(existsSync(join(project, tarball)), tarball).toBe(true);
      // Installed into pnpm's store (extracted, not linked to a workspace directory).
      const installed = realpathSync(join(project, 'node_modules', '@edge-app', name));
      expect(installed, name).toContain(`${sep}node_modules${sep}.pnpm${sep}`);
      const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
      expect(manifest.name).toBe(`@edge-app/${name}`);
    }
  });

  it('passes its own pnpm typecheck', async () => {
    const result = await runPnpm(['typecheck']);
    expect(result.exitCode, result.all).toBe(0);
  });

  it('passes its own pnpm test', async () => {
    const result = await runPnpm(['test']);
    expect(result.exitCode, result.all).toBe(0);
    expect(stripAnsi(result.all)).toMatch(/Test Files\s+\d+ passed/);
  });

  it('passes its own pnpm build, writing a bundle per function', async () => {
    const result = await runPnpm(['build']);
    expect(result.exitCode, result.all).toBe(0);
    for (const trigger of TRIGGERS) {
      expect(listProjectFiles(join(project, 'dist', trigger)).length, trigger).toBeGreaterThan(0);
    }
  });

  it('serves a page with pnpm dev, through the four triggers', async () => {
    const { port, dev, output } = await startDev();
    try {
      const response = await firstResponse(`http://127.0.0.1:${port}/`, dev, output);
      const body = await response.text();
      expect(response.status, output()).toBe(200);
      expect(body).toContain('Hello from the origin');
      // Added by the viewer-response starter: the response went through the triggers.
      expect(response.headers.get('x-handled-by')).toBe('lambda-edge');
      expect(response.headers.get('x-cache')).toBe('Miss from cloudfront');
      const again = await fetch(`http://127.0.0.1:${port}/`);
      expect(again.headers.get('x-cache')).toBe('Hit from cloudfront');
    } finally {
      stopDev(dev);
    }
  });

  it('proxies a URL origin with pnpm dev (undici from the vendored runtime)', async () => {
    const origin = createHttpServer((req, res) => {
      res.writeHead(
        200,
        [
          ['X-Origin-Spelling', 'kept'],
          ['Set-Cookie', 'a=1'],
          ['Set-Cookie', 'b=2'],
        ].flat(),
      );
      res.end(`origin saw ${req.url}`);
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const configPath = join(project, 'edge.config.ts');
    const config = readFileSync(configPath, 'utf8');
    const { port: originPort } = origin.address() as AddressInfo;
    // The query string and the cookies (so Set-Cookie too) reach the origin only when the
    // behavior forwards them, as on CloudFront (docs/cloudfront-rules.md#policy-interaction).
    writeFileSync(
      configPath,
      config
        .replace(
          "default: { dir: 'public' },",
          `default: { url: 'http://127.0.0.1:${originPort}' },`,
        )
        .replace("queryStrings: 'none' }", "queryStrings: 'all', cookies: 'all' }"),
    );
    const { port, dev, output } = await startDev();
    try {
      const response = await firstResponse(`http://127.0.0.1:${port}/api?x=1`, dev, output);
      expect(response.status, output()).toBe(200);
      expect(await response.text()).toBe('origin saw /api?x=1');
      expect(response.headers.get('x-origin-spelling')).toBe('kept');
      expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(response.headers.get('x-handled-by')).toBe('lambda-edge');
    } finally {
      stopDev(dev);
      writeFileSync(configPath, config);
      await new Promise<void>((resolve) => {
        origin.close(() => resolve());
        origin.closeAllConnections();
      });
    }
  });
});

describe('pnpm gen trigger in the generated project (starters from the vendored @edge-app/tools)', () => {
  it('refuses a second viewer-request function on the default behavior, writing nothing', async () => {
    const config = readFileSync(join(project, 'edge.config.ts'), 'utf8');
    const result = await runPnpm(['gen', 'trigger', 'viewer-request', 'second', 'blank', 'ts']);
    expect(result.exitCode, result.all).not.toBe(0);
    expect(result.all).toContain('viewer-request');
    expect(existsSync(join(project, 'packages', 'second'))).toBe(false);
    expect(readFileSync(join(project, 'edge.config.ts'), 'utf8')).toBe(config);
  });

  it('adds a jwt-auth function on a new behavior for a path pattern, and the project still type-checks and tests', async () => {
    const configPath = join(project, 'edge.config.ts');
    expect(readFileSync(configPath, 'utf8')).toContain('behaviors: [],');
    const added = await runPnpm([
      'gen',
      'trigger',
      'viewer-request',
      'auth',
      'jwt-auth',
      'ts',
      '/api/*',
    ]);
    expect(added.exitCode, added.all).toBe(0);
    // The starter as the installed tools package carries it, in its dist/starters.
    const tools = realpathSync(join(project, 'node_modules', '@edge-app', 'tools'));
    const handler = readFileSync(
      join(tools, 'dist', 'starters', 'viewer-request', 'jwt-auth', 'ts', 'src', 'index.ts'),
      'utf8',
    );
    expect(readFileSync(join(project, 'packages', 'auth', 'src', 'index.ts'), 'utf8')).toBe(
      handler,
    );
    const config = readFileSync(configPath, 'utf8');
    expect(config).toContain(
      "behaviors: [{ pathPattern: '/api/*', origin: 'default', functions: { 'viewer-request': 'auth' } }],",
    );
    expect(config).toContain('define: { JWT_DEV_KEYS: false },');
    // A new package needs its workspace links before its tests can import them.
    expect((await runPnpm(['install'])).exitCode).toBe(0);
    const typecheck = await runPnpm(['typecheck']);
    expect(typecheck.exitCode, typecheck.all).toBe(0);
    const test = await runPnpm(['test']);
    expect(test.exitCode, test.all).toBe(0);
    expect(stripAnsi(test.all)).toMatch(/packages\/auth\/src\/index\.test\.ts/);
  });
});

describe('jwt-auth in pnpm dev, with jwks --dev (after the tests above)', () => {
  let devKeyX: string;
  let token: string;

  it('jwks --dev prints a token that pnpm dev lets in; without it the answer is 401', async () => {
    const dev = await runPnpm(['--silent', '--filter', 'auth', 'jwks', '--dev']);
    expect(dev.exitCode, dev.all).toBe(0);
    token = dev.all.split('\n').find((line) => /^ey[\w-]+\.[\w-]+\.[\w-]+$/.test(line)) ?? '';
    expect(token).not.toBe('');
    expect(dev.all).toContain(`curl -i -H 'Authorization: Bearer ${token}'`);
    devKeyX = JSON.parse(
      readFileSync(join(project, 'packages', 'auth', 'src', 'jwks.dev.json'), 'utf8'),
    ).keys[0].x;
    const { port, dev: server, output } = await startDev();
    try {
      const url = `http://127.0.0.1:${port}/api/orders`;
      const refused = await firstResponse(url, server, output);
      expect(refused.status, output()).toBe(401);
      const admitted = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      // Let through by viewer-request: the origin (public/, answering as an S3 bucket does
      // without s3:ListBucket) has no /api/orders and says 403.
      expect(admitted.status, output()).toBe(403);
      expect(output()).toMatch(/GET \/api\/orders 403 .*viewer-request .*→ origin "default" 403/);
      // Outside /api/* the function does not run.
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    } finally {
      stopDev(server);
    }
  });

  it('a production stage build does not contain the dev key; the dev stage build does', async () => {
    const bundle = join(project, 'dist', 'auth', 'index.mjs');
    const prod = await runPnpm(['build', '--stage', 'prod']);
    expect(prod.exitCode, prod.all).toBe(0);
    const prodBundle = readFileSync(bundle, 'utf8');
    expect(prodBundle).not.toContain(devKeyX);
    expect(prodBundle).not.toContain('JWT_DEV_KEYS');
    const devBuild = await runPnpm(['build']);
    expect(devBuild.exitCode, devBuild.all).toBe(0);
    expect(readFileSync(bundle, 'utf8')).toContain(devKeyX);
  });
});

describe('pnpm scripts and output for machines', () => {
  it('pnpm -s size --json prints JSON alone; without -s the banner comes first, and a note says so', async () => {
    const silent = await runPnpmStreams(['-s', 'size', '--json']);
    expect(silent.exitCode, silent.stderr).toBe(0);
    const report = JSON.parse(silent.stdout);
    expect(report.functions.map((f: { name: string }) => f.name)).toContain('auth');
    expect(silent.stderr).toBe('');
    const loud = await runPnpmStreams(['size', '--json']);
    expect(loud.stdout).toMatch(/^\s*> edge-shop@0\.0\.0 size /);
    expect(loud.stderr).toContain('`pnpm -s size --json` prints the JSON alone');
  });

  it('colours pnpm dev trace lines with FORCE_COLOR, and not with NO_COLOR', async () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour is an escape sequence
    const colour = /\u001b\[\d+m/;
    for (const [env, coloured] of [
      [{ FORCE_COLOR: '1' }, true],
      [{ NO_COLOR: '1', FORCE_COLOR: undefined }, false],
    ] as const) {
      const { port, dev, output } = await startDev(env);
      try {
        const response = await firstResponse(`http://127.0.0.1:${port}/`, dev, output);
        expect(response.status).toBe(200);
        await waitForOutput(output, 'GET / 200');
        const trace =
          output()
            .split('\n')
            .find((line) => line.includes('GET /')) ?? '';
        expect(colour.test(trace), `${JSON.stringify(env)}: ${trace}`).toBe(coloured);
      } finally {
        stopDev(dev);
      }
    }
  });
});

/** `pnpm <args>` with stdout and stderr apart. */
function runPnpmStreams(args: string[]) {
  return execa(pnpm.file, [...pnpm.prefix, ...args], {
    cwd: project,
    stdin: 'ignore',
    reject: false,
    timeout: 240_000,
    env: { CI: 'true' },
  });
}

async function waitForOutput(output: () => string, text: string): Promise<void> {
  for (let attempt = 0; attempt < 100 && !output().includes(text); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function startDev(env: Record<string, string | undefined> = {}) {
  return startProjectDev(project, { env });
}

/** Polls until the server answers; gives up (bounded attempts) or when the server exits. */
async function firstResponse(url: string, server: ChildProcess, output: () => string) {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (server.exitCode !== null) {
      throw new Error(`pnpm dev exited with ${server.exitCode} before serving:\n${output()}`);
    }
    try {
      return await fetch(url, { signal: AbortSignal.timeout(10_000) });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`pnpm dev never answered on ${url}:\n${output()}`);
}
