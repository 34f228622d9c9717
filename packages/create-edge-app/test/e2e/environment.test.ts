/** What the CLI does around the project: the Node version gate and an enclosing git repo. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';
import { assertBuilt, GIT_IDENTITY, runCli } from './helpers/cli.ts';

beforeAll(assertBuilt);

function pretendNode(version: string): string[] {
  const script = `Object.defineProperty(process.versions, 'node', { value: '${version}' })`;
  return ['--import', `data:text/javascript,${encodeURIComponent(script)}`];
}

describe('the bin shim', () => {
  it('stops on a Node.js older than 20.12, saying what to install', async () => {
    const cwd = tempDir();
    for (const version of ['18.19.0', '20.11.1']) {
      const run = await runCli(['app', '--yes'], { cwd, nodeOptions: pretendNode(version) });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        `create-edge-app needs Node.js 20.12 or newer; this is Node.js ${version}.`,
      );
      expect(run.stderr).toContain('https://nodejs.org');
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('runs on 20.12 exactly', async () => {
    const run = await runCli(['--version'], {
      cwd: tempDir(),
      nodeOptions: pretendNode('20.12.0'),
    });
    expect(run.exitCode).toBe(0);
  });
});

describe('git', () => {
  it('does not create a repository inside an existing one, and says so', async () => {
    const cwd = tempDir();
    await execa('git', ['init', '-q'], { cwd });
    const run = await runCli(['app', '--yes', '--no-install', '-t', 'viewer-request'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Inside an existing git repository; did not create another one.');
    expect(existsSync(join(cwd, 'app', '.git'))).toBe(false);
    expect(existsSync(join(cwd, 'app', 'edge.config.ts'))).toBe(true);
  });

  it('otherwise creates one with a first commit of every generated file', async () => {
    const cwd = tempDir();
    const run = await runCli(['app', '--yes', '--no-install', '-t', 'viewer-request'], {
      cwd,
      env: GIT_IDENTITY,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const project = join(cwd, 'app');
    const status = await execa('git', ['status', '--porcelain'], { cwd: project });
    expect(status.stdout).toBe('');
    const files = await execa('git', ['ls-files'], { cwd: project });
    expect(files.stdout.split('\n')).toContain('packages/viewer-request/src/index.ts');
  });
});
