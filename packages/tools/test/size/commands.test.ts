import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { createTempProject, type TempProject } from '../build/fixture.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
  vi.restoreAllMocks();
});

function projectWithConfig(config: string): TempProject {
  const created = createTempProject({
    greet: {
      eventType: 'viewer-request',
      files: {
        'src/index.ts': `export const handler = async (event: any) => {
  const request = event.Records[0].cf.request;
  request.headers['x-greeting'] = [{ value: String(EDGE_CONFIG.GREETING) }];
  return request;
};
`,
      },
    },
  });
  created.write(
    'edge.config.ts',
    `import { defineConfig } from '@edge-app/runtime';\nexport default defineConfig(${config});\n`,
  );
  return created;
}

const config = `{
  origins: { default: { dir: 'public' } },
  defaultBehavior: { origin: 'default' },
  stages: { prod: { define: { GREETING: 'hi' } } },
}`;

async function runEdge(args: string[], root: string) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts) => void out.push(parts.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...parts) => void err.push(parts.join(' ')));
  const code = await main(args, root);
  vi.restoreAllMocks();
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('edge build and edge size', () => {
  it('edge build writes the zips and prints the size table', async () => {
    project = projectWithConfig(config);
    const result = await runEdge(['build', '--stage', 'prod'], project.root);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(join(project.root, 'dist', 'greet.zip'))).toBe(true);
    expect(result.stdout).toMatch(/✓ greet +dist\/greet\.zip/);
    expect(result.stdout).toMatch(/greet +viewer-request .* 1 MB .* ✓/);
  });

  it('edge size --json reports a budget breach on stdout and exits non-zero', async () => {
    project = projectWithConfig(
      config.replace(
        'stages:',
        'functions: { greet: { budget: { bundleBytes: 10 } } },\n  stages:',
      ),
    );
    const result = await runEdge(['size', '--json'], project.root);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      profile: 'strict',
      ok: false,
      functions: [
        {
          name: 'greet',
          eventType: 'viewer-request',
          limitBytes: 1_048_576,
          budget: { bundleBytes: 10 },
          breaches: [{ kind: 'budget', measure: 'bundleBytes', allowed: 10 }],
        },
      ],
    });
    expect(result.stderr).toContain('✖ A function is over a size budget');
  });

  it('edge size --json still prints JSON when the build fails', async () => {
    project = projectWithConfig(config.replace("GREETING: 'hi'", "OTHER: 'x'"));
    const result = await runEdge(['size', '--json'], project.root);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: {
        message: expect.stringContaining(
          'reads EDGE_CONFIG.GREETING, which stage "prod" does not define',
        ),
        hint: expect.stringContaining('stages.prod.define.GREETING'),
      },
    });
  });

  it('edge size --json run as a package script says how to keep the banner off stdout', async () => {
    project = projectWithConfig(config);
    const script = {
      npm_lifecycle_event: 'size',
      npm_lifecycle_script: 'edge size',
      npm_execpath: '/usr/lib/node_modules/pnpm/bin/pnpm.cjs',
    };
    for (const [name, value] of Object.entries(script)) vi.stubEnv(name, value);
    vi.stubEnv('npm_config_reporter', '');
    const loud = await runEdge(['size', '--json'], project.root);
    expect(JSON.parse(loud.stdout)).toMatchObject({ ok: true });
    expect(loud.stderr).toBe(
      'note: pnpm printed its "> size" banner on stdout above the JSON; `pnpm -s size --json` prints the JSON alone.',
    );
    vi.stubEnv('npm_config_reporter', 'silent');
    const silent = await runEdge(['size', '--json'], project.root);
    expect(JSON.parse(silent.stdout)).toMatchObject({ ok: true });
    expect(silent.stderr).toBe('');
    vi.unstubAllEnvs();
  });

  it('rejects unknown flags and stages, naming the valid ones', async () => {
    project = projectWithConfig(config);
    const flag = await runEdge(['size', '--verbose'], project.root);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("edge size: Unknown option '--verbose'");
    expect(flag.stderr).toContain('Valid options: --json, --stage <value>, --help.');

    const stage = await runEdge(['build', '--stage', 'staging'], project.root);
    expect(stage.code).toBe(1);
    expect(stage.stderr).toContain('Stage "staging" is not defined in edge.config.ts.');
    expect(stage.stderr).toContain('Use one of: prod');
  });
});
