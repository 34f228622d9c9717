/**
 * `EDGE_CONFIG` is declared in a freshly generated project: the declaration ships in the
 * installed @edge-app/tools (`@edge-app/tools/globals`) and the project's tsconfig names it,
 * so a handler that reads a build-time value type-checks, and its test sees the value.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { pnpmCommand } from '../../src/steps/install.ts';
import { tempDir } from '../helpers/temp.ts';
import { assertBuilt, GIT_IDENTITY, runCli } from './helpers/cli.ts';

beforeAll(assertBuilt);

describe('a fresh project', () => {
  it('type-checks a handler that reads EDGE_CONFIG, and tests it with the stage value', async () => {
    const cwd = tempDir('cea-edge-config-');
    const created = await runCli(['shop', '--yes', '--no-git', '-t', 'viewer-request'], {
      cwd,
      timeoutMs: 280_000,
      env: GIT_IDENTITY,
    });
    expect(created.exitCode, `${created.stdout}\n${created.stderr}`).toBe(0);
    const project = join(cwd, 'shop');
    const edit = (path: string, from: string, to: string) => {
      const text = readFileSync(join(project, path), 'utf8');
      if (!text.includes(from)) throw new Error(`${path} has no "${from}"`);
      writeFileSync(join(project, path), text.replace(from, to));
    };
    edit('edge.config.ts', '      define: {},', "      define: { GREETING: 'hello' },");
    edit(
      'packages/viewer-request/src/index.ts',
      '  return request;\n',
      "  const greeting: string = String(EDGE_CONFIG.GREETING);\n  request.headers['x-greeting'] = [{ key: 'X-Greeting', value: greeting }];\n  return request;\n",
    );
    edit(
      'packages/viewer-request/src/index.test.ts',
      '    expect(request.headers).toEqual(sent.headers);\n',
      "    expect(request.headers['x-greeting']?.[0]?.value).toBe('hello');\n",
    );
    const pnpm = pnpmCommand();
    for (const args of [['typecheck'], ['test']]) {
      const result = await execa(pnpm.file, [...pnpm.prefix, ...args], {
        cwd: project,
        stdin: 'ignore',
        reject: false,
        all: true,
        timeout: 240_000,
      });
      expect(result.exitCode, `pnpm ${args.join(' ')}\n${result.all}`).toBe(0);
    }
  });
});
