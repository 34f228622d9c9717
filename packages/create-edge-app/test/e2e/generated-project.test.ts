/**
 * The whole product, as a user gets it: the built CLI creates a project with all four
 * triggers in a temp directory outside this repository, installs it, and the project's own
 * `typecheck`, `test` and `build` pass; `dev` serves a real HTTP request through the
 * triggers. One install is shared by every test in this file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
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
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/hash.ts';
import { listProjectFiles } from '../../src/render/manifest.ts';
import { pnpmCommand } from '../../src/steps/install.ts';
import { assertBuilt, GIT_IDENTITY, runCli } from './helpers/cli.ts';
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

  it('adds a jwt-auth function on a new behavior, and the project still type-checks and tests', async () => {
    const configPath = join(project, 'edge.config.ts');
    const config = readFileSync(configPath, 'utf8');
    expect(config).toContain('behaviors: [],');
    writeFileSync(
      configPath,
      config.replace(
        'behaviors: [],',
        "behaviors: [{ pathPattern: '/api/*', origin: 'default', functions: {} }],",
      ),
    );
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
    expect(readFileSync(configPath, 'utf8')).toMatch(/'viewer-request': 'auth'/);
    // A new package needs its workspace links before its tests can import them.
    expect((await runPnpm(['install'])).exitCode).toBe(0);
    const typecheck = await runPnpm(['typecheck']);
    expect(typecheck.exitCode, typecheck.all).toBe(0);
    const test = await runPnpm(['test']);
    expect(test.exitCode, test.all).toBe(0);
    expect(stripAnsi(test.all)).toMatch(/packages\/auth\/src\/index\.test\.ts/);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** `pnpm dev` in the project on a free port, with everything it prints collected. */
async function startDev(): Promise<{ port: number; dev: ChildProcess; output: () => string }> {
  const port = await freePort();
  const dev: ChildProcess = spawn(pnpm.file, [...pnpm.prefix, 'dev', '--port', String(port)], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that pnpm, the edge command and its workers stop together.
    detached: true,
  });
  let printed = '';
  dev.stdout?.on('data', (chunk) => {
    printed += chunk;
  });
  dev.stderr?.on('data', (chunk) => {
    printed += chunk;
  });
  return { port, dev, output: () => printed };
}

function stopDev(dev: ChildProcess): void {
  if (dev.pid && dev.exitCode === null) process.kill(-dev.pid, 'SIGTERM');
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
