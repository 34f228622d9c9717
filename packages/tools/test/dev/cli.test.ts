/**
 * The real command: `node bin/edge.js dev --port 0` in a temp project, requested over HTTP,
 * stopped with SIGTERM (what Ctrl-C sends to a non-TTY child) and expected to exit cleanly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempProject, type TempProject } from '../build/fixture.ts';

const edgeBin = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/edge.js');

let project: TempProject | undefined;
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  project?.cleanup();
  project = undefined;
});

function startEdgeDev(root: string, args: string[]) {
  const proc = spawn(process.execPath, [edgeBin, 'dev', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  proc.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => proc.on('exit', (code) => done(code)));
  const url = new Promise<string>((done, fail) => {
    proc.stdout.on('data', () => {
      const match = stdout.match(/local CloudFront at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) done(match[1]!);
    });
    void exited.then((code) =>
      fail(new Error(`edge dev exited (${code}) before listening:\n${stdout}\n${stderr}`)),
    );
  });
  // Tests that expect an early exit never await the URL.
  url.catch(() => {});
  return { url, exited, output: () => stdout, errors: () => stderr, proc };
}

describe('edge dev (the command)', () => {
  it('serves the project, prints a trace line per request, and stops cleanly on SIGTERM', async () => {
    project = createTempProject({
      greet: {
        eventType: 'viewer-request',
        files: {
          'src/index.ts': `export const handler = async () => ({ status: '200', headers: { 'content-type': [{ value: 'text/plain' }] }, body: 'hi from the edge' });\n`,
        },
      },
    });
    project.write(
      'edge.config.ts',
      `import { defineConfig } from '@edge-app/runtime';
export default defineConfig({
  origins: { default: { dir: 'public' } },
  defaultBehavior: { origin: 'default', functions: { 'viewer-request': 'greet' } },
});
`,
    );
    const dev = startEdgeDev(project.root, ['--port', '0']);
    const url = await dev.url;
    const response = await fetch(`${url}/hello`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hi from the edge');
    expect(response.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    await new Promise<void>((done) => {
      const check = () =>
        dev.output().includes('GET /hello 200') ? done() : setTimeout(check, 20);
      check();
    });
    expect(dev.output()).toMatch(/GET \/hello 200 LambdaGeneratedResponse {2}viewer-request \S+/);
    dev.proc.kill('SIGTERM');
    expect(await dev.exited).toBe(0);
  });

  it('prints where the inspector is, and --exact-errors sends error pages without the banner', async () => {
    project = createTempProject({
      broken: {
        eventType: 'viewer-request',
        files: { 'src/index.ts': 'export const handler = async () => ({ status: 42 });\n' },
      },
    });
    project.write(
      'edge.config.ts',
      `export default {
  origins: { default: { dir: 'public' } },
  defaultBehavior: { origin: 'default', functions: { 'viewer-request': 'broken' } },
};
`,
    );
    const dev = startEdgeDev(project.root, ['--port', '0', '--exact-errors']);
    const url = await dev.url;
    expect(dev.output()).toContain(`inspector: ${url}/__edge/`);
    expect(dev.output()).toContain("error pages: CloudFront's, exactly (--exact-errors)");
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(502);
    const page = await response.text();
    expect(page).toContain('<H1>502 ERROR</H1>');
    expect(page).not.toContain('edge-dev-banner');
    dev.proc.kill('SIGTERM');
    expect(await dev.exited).toBe(0);
  });

  it('rejects a bad --port with the fix', async () => {
    project = createTempProject({});
    project.write(
      'edge.config.ts',
      `export default { origins: { default: { dir: 'public' } }, defaultBehavior: {} };\n`,
    );
    const dev = startEdgeDev(project.root, ['--port', 'eighty']);
    expect(await dev.exited).toBe(1);
    expect(dev.errors()).toContain('--port eighty is not a port number.');
    expect(dev.errors()).toContain('0 to 65535');
  });
});
