import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempProject, type TempProject, writeDependency } from './fixture.ts';
import { buildAll, buildError, rewriteProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

describe('bundle checks: configuration Lambda@Edge cannot provide', () => {
  it('fails on a build-time key the stage does not define, at the line that reads it', async () => {
    project = rewriteProject();
    const error = await buildError(project, { stages: { prod: { define: { OTHER: 1 } } } });
    expect(error.message).toContain(
      'packages/rewrite/src/index.ts:6:77: reads EDGE_CONFIG.GREETING, which stage "prod" does not define',
    );
  });

  it('fails on process.env reads with file:line and how to use build-time config', async () => {
    project = createTempProject({
      env: {
        eventType: 'origin-request',
        files: {
          'src/index.ts': `// process.env.IN_A_COMMENT is not code
export const handler = async (event: any) => {
  const region = process.env.AWS_REGION;
  const fn = process.env.AWS_LAMBDA_FUNCTION_NAME;
  const url = process.env.API_URL;
  return { status: '200', body: [region, fn, url].join() };
};
`,
        },
      },
    });
    const error = await buildError(project);
    expect(error.message).toContain('packages/env/src/index.ts:5:15: reads process.env.API_URL');
    // Only API_URL: not the reserved variables, not the comment.
    expect(error.message.match(/reads process\.env.*/g)).toEqual(['reads process.env.API_URL']);
    expect(error.hint).toContain('stages.prod.define.API_URL');
    expect(error.hint).toContain('EDGE_CONFIG.API_URL');
  });

  it('accepts Lambda reserved variables and mentions in strings without a false alarm', async () => {
    project = createTempProject({
      env: {
        eventType: 'origin-request',
        files: {
          'src/index.ts': `const advice = 'never read process.env.SECRET here';
export const handler = async () => ({
  status: '200',
  statusDescription: advice + " or process.env.OTHER",
  body: [process.env.AWS_REGION, process.env.AWS_LAMBDA_FUNCTION_NAME, process.env._X_AMZN_TRACE_ID, process.env.NODE_ENV].join(),
});
`,
        },
      },
    });
    const [built] = await buildAll(project);
    expect(built!.warnings).toEqual([]);
    // NODE_ENV is a build-time constant, as every bundler makes it.
    expect(readFileSync(built!.entry, 'utf8')).toContain('production');
  });

  it('warns, without failing, about process.env reads inside dependencies', async () => {
    project = createTempProject({
      dep: {
        eventType: 'origin-request',
        files: {
          'src/index.ts': `import { endpoint } from 'sdk-like';
export const handler = async () => ({ status: '200', body: endpoint() });
`,
        },
      },
    });
    writeDependency(project, 'sdk-like', {
      'index.js': 'exports.endpoint = () => process.env.SDK_ENDPOINT || "https://default";',
    });
    const [built] = await buildAll(project);
    expect(built!.warnings).toEqual([
      'sdk-like reads process.env (SDK_ENDPOINT); Lambda@Edge sets none of these, so it gets its defaults.',
    ]);
  });
});
