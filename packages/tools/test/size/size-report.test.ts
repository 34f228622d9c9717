import { randomBytes } from 'node:crypto';
import type { EdgeConfig } from '@edge-app/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { createFunctionBuilder } from '../../src/build/index.ts';
import { ToolsError } from '../../src/errors.ts';
import {
  assertWithinSizes,
  formatBytes,
  formatSizeTable,
  sizeReport,
} from '../../src/size/index.ts';
import { createTempProject, type TempProject, writeDependency } from '../build/fixture.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

async function report(p: TempProject, config: Partial<EdgeConfig> = {}) {
  const resolved = p.project(config);
  const builder = await createFunctionBuilder({ project: resolved });
  try {
    return sizeReport(resolved.config, await builder.build());
  } finally {
    await builder.dispose();
  }
}

function failure(run: () => void): ToolsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolsError);
    return error as ToolsError;
  }
  throw new Error('expected a size failure');
}

/** A function whose bundle carries ~1.5 MB of incompressible data: ~1.1 MB zipped. */
function heavyProject(eventType: 'viewer-request' | 'origin-request'): TempProject {
  const created = createTempProject({
    heavy: {
      eventType,
      files: {
        'src/index.ts': `import { table } from 'huge-table';
export const handler = async (event: any) => {
  const request = event.Records[0].cf.request;
  request.headers['x-table'] = [{ value: String(table.length) }];
  return request;
};
`,
      },
    },
  });
  const data = randomBytes(1_150_000).toString('base64');
  writeDependency(
    created,
    'huge-table',
    { 'index.mjs': `export const table = "${data}";\n` },
    {
      type: 'module',
      main: 'index.mjs',
    },
  );
  return created;
}

describe('size checks', () => {
  it('fails a viewer function over 1,048,576 zipped bytes, naming the largest modules', async () => {
    project = heavyProject('viewer-request');
    const result = await report(project);
    const [heavy] = result.functions;
    expect(result.ok).toBe(false);
    expect(heavy!.limitBytes).toBe(1_048_576);
    expect(heavy!.zipBytes).toBeGreaterThan(1_048_576);
    expect(heavy!.breaches).toEqual([
      { kind: 'limit', measure: 'zipBytes', actual: heavy!.zipBytes, allowed: 1_048_576 },
    ]);
    expect(heavy!.largestModules[0]?.name).toBe('huge-table');
    expect(heavy!.largestModules[0]?.bytes).toBeGreaterThan(1_500_000);

    const error = failure(() => assertWithinSizes(result));
    expect(error.message).toContain('A function is over the Lambda@Edge size limit:');
    expect(error.message).toContain(
      `zip is ${formatBytes(heavy!.zipBytes)} (${heavy!.zipBytes.toLocaleString('en-US')} bytes), over the 1 MB (1,048,576 bytes) limit for viewer-request in profile "strict"`,
    );
    const breakdown = error.message.split('largest modules in the bundle:\n')[1]!.split('\n');
    expect(breakdown[0]).toMatch(/^ +1\.\d+ MB {2}huge-table$/);
    expect(breakdown[1]).toMatch(/ B {2}packages\/heavy\/src\/index\.ts$/);
    expect(error.hint).toContain('origin-request function, whose limit is 50 MB');
  });

  it('accepts the same code where the limit is 50 MB: origin events, or the latest profile', async () => {
    project = heavyProject('origin-request');
    const origin = await report(project);
    expect(origin.ok).toBe(true);
    expect(origin.functions[0]!.limitBytes).toBe(50 * 1_048_576);
    expect(() => assertWithinSizes(origin)).not.toThrow();
    project.cleanup();

    project = heavyProject('viewer-request');
    const latest = await report(project, { profile: 'latest' });
    expect(latest.profile).toBe('latest');
    expect(latest.ok).toBe(true);
  });

  it('checks per-function budgets and honours limit overrides', async () => {
    project = createTempProject({
      small: {
        eventType: 'viewer-request',
        files: {
          'src/index.ts':
            'export const handler = async (event: any) => event.Records[0].cf.request;\n',
        },
      },
    });
    const result = await report(project, {
      functions: { small: { budget: { zipBytes: 100, bundleBytes: 100_000 } } },
    });
    const [small] = result.functions;
    expect(result.ok).toBe(false);
    expect(small!.breaches).toEqual([
      { kind: 'budget', measure: 'zipBytes', actual: small!.zipBytes, allowed: 100 },
    ]);
    const error = failure(() => assertWithinSizes(result));
    expect(error.message).toContain('A function is over a size budget');
    expect(error.message).toContain('over its budget of 100 B (functions.small.budget.zipBytes)');
    expect(error.hint).toContain('raise `functions.<name>.budget`');

    const overridden = await report(project, {
      limits: { 'viewer-request': { zipBytes: 50 } },
    });
    expect(overridden.functions[0]!.limitBytes).toBe(50);
    expect(overridden.functions[0]!.breaches[0]).toMatchObject({ kind: 'limit', allowed: 50 });
  });

  it('points out viewer functions that could be CloudFront Functions, and only those', async () => {
    const simple =
      "export const handler = async (event: any) => { const r = event.Records[0].cf.request; r.uri = r.uri.replace(/\\/$/, '/index.html'); return r; };\n";
    project = createTempProject({
      simple: { eventType: 'viewer-request', files: { 'src/index.ts': simple } },
      'origin-side': { eventType: 'origin-request', files: { 'src/index.ts': simple } },
      networked: {
        eventType: 'viewer-request',
        files: {
          'src/index.ts':
            "export const handler = async (event: any) => { await fetch('https://auth.example.com'); return event.Records[0].cf.request; };\n",
        },
      },
      'uses-https': {
        eventType: 'viewer-response',
        files: {
          'src/index.ts':
            "import { request } from 'node:https';\nexport const handler = async (event: any) => { request('https://x'); return event.Records[0].cf.response; };\n",
        },
      },
    });
    const result = await report(project);
    const candidates = Object.fromEntries(
      result.functions.map((fn) => [fn.name, fn.cloudFrontFunctionCandidate]),
    );
    expect(candidates).toEqual({
      networked: false,
      'origin-side': false,
      simple: true,
      'uses-https': false,
    });
    const table = formatSizeTable(result);
    const note = table.split('\n').find((line) => line.startsWith('ℹ'));
    expect(note).toMatch(
      /^ℹ Could be CloudFront Functions, .*up to 10,000 bytes.*: simple \(\d+ B\)\.$/,
    );
  });

  it('prints one table row per function with sizes, limit, share and budget', async () => {
    project = createTempProject({
      auth: {
        eventType: 'viewer-request',
        files: {
          'src/index.ts':
            'export const handler = async (event: any) => event.Records[0].cf.request;\n',
        },
      },
    });
    const result = await report(project, {
      functions: { auth: { budget: { zipBytes: 10_240 } } },
    });
    const [auth] = result.functions;
    const lines = formatSizeTable(result).split('\n');
    expect(lines[0]).toBe(
      'Sizes against the "strict" limits (zipped code; https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html):',
    );
    expect(lines[1]).toMatch(/^function +event +bundle +zip +limit +used +budget$/);
    expect(lines[2]).toMatch(
      new RegExp(
        `^auth +viewer-request +${auth!.bundleBytes} B +${auth!.zipBytes} B +1 MB +0\\.0\\d% +zip 10 KB +✓$`,
      ),
    );
  });
});
