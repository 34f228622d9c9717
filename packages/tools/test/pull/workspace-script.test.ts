/**
 * `pnpm edge:pull` in the template workspace (a generated project's root), run with pnpm as a
 * user runs it, through the built `edge` (`pnpm build`, which `pnpm test` runs first), against
 * the fake AWS: the template's own edge.config.ts, with its comments and the `edge:functions`
 * marker, takes the distribution's settings, loads, and pulls again unchanged. `pull` would be
 * a fine pnpm script name today, but `edge:pull` cannot ever collide with a pnpm command.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pnpmCommand } from '../../../../scripts/pnpm.mjs';
import { loadProject } from '../../src/project.ts';
import { distributionXml } from '../deploy/fake-aws/distribution-fixture.ts';
import {
  FAKE_ACCESS_KEY,
  FAKE_SECRET_KEY,
  type FakeAws,
  startFakeAws,
} from '../deploy/fake-aws/server.ts';
import { addDistribution, DISTRIBUTION_ID } from '../deploy/fake-aws/state.ts';
import { copyTemplateWorkspace, removeCopies, templateRoot } from '../scaffold/workspace-copy.ts';

const run = promisify(execFile);
let fake: FakeAws;

beforeEach(async () => {
  fake = await startFakeAws();
  addDistribution(fake.state, DISTRIBUTION_ID, distributionXml());
});
afterEach(async () => {
  await fake.close();
});
afterAll(removeCopies);

function pnpm(root: string, args: string[]) {
  const [command, prefix] = pnpmCommand(args) as [string, string[]];
  return run(command, prefix, {
    cwd: root,
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: FAKE_SECRET_KEY,
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_REGION: 'eu-west-1',
      AWS_CONFIG_FILE: join(root, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-aws-credentials'),
      AWS_ENDPOINT_URL: fake.url,
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

describe('pnpm edge:pull in a generated project', () => {
  it('is a script of the template', () => {
    const { scripts } = JSON.parse(readFileSync(join(templateRoot, 'package.json'), 'utf8'));
    expect(scripts['edge:pull']).toBe('edge pull');
  });

  it('says what to set when the stage has no distribution yet, and writes nothing', async () => {
    const root = copyTemplateWorkspace();
    const before = readFileSync(join(root, 'edge.config.ts'), 'utf8');
    const result = await pnpm(root, ['edge:pull']);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('✖ stages.prod.distributionId is not set in edge.config.ts.');
    expect(readFileSync(join(root, 'edge.config.ts'), 'utf8')).toBe(before);
    expect(fake.calls).toEqual([]);
  }, 120_000);

  it("writes the distribution into the template's edge.config.ts, keeping its comments", async () => {
    const root = copyTemplateWorkspace();
    const config = join(root, 'edge.config.ts');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(
        "// distributionId: 'E1234567890ABC',",
        `distributionId: '${DISTRIBUTION_ID}',`,
      ),
    );
    const first = await pnpm(root, ['edge:pull']);
    expect(first.output).toContain(
      `✔ Wrote the settings of ${DISTRIBUTION_ID} into edge.config.ts`,
    );
    expect(first.code).toBe(0);
    const text = readFileSync(config, 'utf8');
    expect(text).toContain('// edge:functions (create-edge-app and `pnpm gen trigger` add');
    expect(text).toContain("// Where `pnpm dev` sends cache misses: `{ url: 'https://...' }`");
    const { config: loaded } = await loadProject(root);
    expect(loaded.origins).toEqual({ site: { dir: 'public' } });
    expect(loaded.defaultBehavior).toEqual({
      origin: 'site',
      functions: {},
      cachePolicy: 'CachingOptimized',
      viewerProtocolPolicy: 'redirect-to-https',
    });
    expect(loaded.behaviors).toEqual([
      {
        pathPattern: '/api/*',
        origin: 'site',
        cachePolicy: 'CachingOptimized',
        viewerProtocolPolicy: 'redirect-to-https',
      },
    ]);

    const second = await pnpm(root, ['edge:pull']);
    expect(second.output).toContain("edge.config.ts already has the distribution's settings.");
    expect(readFileSync(config, 'utf8')).toBe(text);
  }, 120_000);
});
