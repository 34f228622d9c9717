/**
 * The generated project's scripts, run with pnpm as a user runs them: `pnpm deploy` is pnpm's
 * own command, so deploy and destroy are `edge:deploy` and `edge:destroy`. The template
 * workspace is copied (its node_modules, where the built `edge` is linked, shared), given one
 * function, and planned offline: no credentials, no distribution id yet. Runs the built tools
 * (`pnpm build`, which `pnpm test` runs first).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pnpmCommand } from '../../../../scripts/pnpm.mjs';
import { copyTemplateWorkspace, removeCopies, templateRoot } from '../scaffold/workspace-copy.ts';

const run = promisify(execFile);

afterAll(removeCopies);

function pnpm(root: string, args: string[]) {
  const [command, prefix] = pnpmCommand(args) as [string, string[]];
  return run(command, prefix, {
    cwd: root,
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: join(root, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      // Port 9 (discard) on loopback: nothing here may reach AWS.
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );
}

describe('the generated project scripts', () => {
  it('name deploy and destroy so pnpm runs ours, and every AWS script is there', () => {
    const { scripts } = JSON.parse(readFileSync(join(templateRoot, 'package.json'), 'utf8'));
    expect(scripts).toMatchObject({
      'edge:deploy': 'edge deploy',
      'edge:destroy': 'edge destroy',
      'edge:logs': 'edge logs',
    });
    expect(scripts.deploy).toBeUndefined();
    expect(scripts.destroy).toBeUndefined();
  });

  it('`pnpm edge:deploy --dry-run` plans a new project offline; `pnpm deploy` would be pnpm’s', async () => {
    const root = copyTemplateWorkspace();
    const fn = join(root, 'packages', 'auth');
    mkdirSync(join(fn, 'src'), { recursive: true });
    writeFileSync(
      join(fn, 'package.json'),
      JSON.stringify({
        name: 'auth',
        private: true,
        type: 'module',
        edge: { eventType: 'viewer-request' },
      }),
    );
    writeFileSync(
      join(fn, 'src', 'index.ts'),
      'export const handler = async (event: { Records: Array<{ cf: { request: unknown } }> }) => event.Records[0]!.cf.request;\n',
    );
    const config = join(root, 'edge.config.ts');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(
        '// edge:functions',
        "'viewer-request': 'auth',\n      // edge:functions",
      ),
    );

    const plan = await pnpm(root, ['edge:deploy', '--dry-run']);
    expect(plan.output).toContain('Deploying stage "prod" to distribution (not set)');
    expect(plan.output).toMatch(
      /edge-app-template-prod-auth \(viewer-request, nodejs22.x\): not read/,
    );
    expect(plan.output).toContain('Dry run: nothing was changed.');
    expect(plan.code).toBe(0);

    const builtIn = await pnpm(root, ['deploy', '--dry-run']);
    expect(builtIn.code).not.toBe(0);
    expect(builtIn.output).toContain("Unknown option: 'dry-run'");

    const logs = await pnpm(root, ['edge:logs', '--help']);
    expect(logs.output).toContain('Usage: edge logs [function]');
  }, 120_000);
});
