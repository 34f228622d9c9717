/**
 * `edge pull` against the fake AWS, through the command as a user runs it: a distribution with
 * every kind of setting is written into a real workspace's edge.config.ts, which then loads,
 * validates, serves under `edge dev`, keeps its comments and associations, and pulls again to
 * the same bytes; `edge deploy --dry-run` then has no behavior warning, until a local behavior
 * changes.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { startDev } from '../../src/dev/index.ts';
import { loadProject } from '../../src/project.ts';
import { createTempProject, type TempProject } from '../build/fixture.ts';
import {
  FAKE_ACCESS_KEY,
  FAKE_SECRET_KEY,
  type FakeAws,
  startFakeAws,
} from '../deploy/fake-aws/server.ts';
import { addDistribution, DISTRIBUTION_ID } from '../deploy/fake-aws/state.ts';
import { captureConsole } from '../dev/fixture.ts';
import {
  addCustomPolicies,
  CUSTOM_CACHE_POLICY,
  fullDistributionXml,
  OWNER_CONFIG,
} from './fixture.ts';

let fake: FakeAws;
let project: TempProject;
let output: string[];

const PASS_THROUGH = `export const handler = async (event: { Records: Array<{ cf: { request: unknown } }> }) =>
  event.Records[0]!.cf.request;
`;

beforeEach(async () => {
  fake = await startFakeAws();
  addDistribution(fake.state, DISTRIBUTION_ID, fullDistributionXml());
  addCustomPolicies(fake.state);
  vi.stubEnv('AWS_ENDPOINT_URL', fake.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', FAKE_ACCESS_KEY);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', FAKE_SECRET_KEY);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('AWS_PROFILE', '');
  project = createTempProject({
    auth: { eventType: 'viewer-request', files: { 'src/index.ts': PASS_THROUGH } },
    router: { eventType: 'origin-request', files: { 'src/index.ts': PASS_THROUGH } },
  });
  vi.stubEnv('AWS_CONFIG_FILE', join(project.root, 'no-aws-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(project.root, 'no-aws-credentials'));
  writeFileSync(
    join(project.root, 'package.json'),
    JSON.stringify({ name: 'shop', private: true, type: 'module' }),
  );
  project.write('edge.config.ts', OWNER_CONFIG);
  project.write('public/index.html', '<h1>shop</h1>');
  output = captureConsole();
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await fake.close();
  project.cleanup();
});

const configText = () => readFileSync(join(project.root, 'edge.config.ts'), 'utf8');

/** The JSON document a `--json` run printed. */
function printedJson(): Record<string, unknown> {
  const json = output.find((line) => line.startsWith('{'));
  if (!json) throw new Error(`no JSON in:\n${output.join('\n')}`);
  return JSON.parse(json) as Record<string, unknown>;
}

/** The root holds nothing pull left behind (its check file). */
function leftovers(): string[] {
  return readdirSync(project.root).filter((name) => name.startsWith('edge.config.pull'));
}

describe('edge pull', () => {
  it('writes every kind of setting, keeps comments, associations, stages and dev, and loads', async () => {
    expect(await main(['pull'], project.root)).toBe(0);
    expect(output.join('\n')).toContain(
      `✔ Wrote the settings of ${DISTRIBUTION_ID} into edge.config.ts`,
    );
    const text = configText();
    // The owner's comments, the marker and the stage's own settings are still there.
    expect(text).toContain('// Where `pnpm dev` sends cache misses: the files under public/.');
    expect(text).toContain('// edge:functions (create-edge-app and `pnpm gen trigger` add');
    expect(text).toContain('// The API, routed by the router function.');
    expect(text).toContain('// The production distribution.');
    expect(text).toContain("define: { API_VERSION: 'v1' }");
    expect(leftovers()).toEqual([]);

    // What every command loads: validated on load, so this also proves it passes the check.
    const { config } = await loadProject(project.root);
    expect(config.profile).toBe('strict');
    expect(config.dev).toEqual({ port: 4100 });
    expect(config.stages?.prod?.distributionId).toBe(DISTRIBUTION_ID);
    // `default` was the site's local stand-in: renamed to the distribution's name, still public/.
    expect(config.origins).toEqual({
      site: {
        dir: 'public',
        connectionAttempts: 2,
        connectionTimeout: 5,
        customHeaders: { 'X-Site-Token': 'from-cloudfront' },
      },
      api: {
        url: 'https://api.shop.example/v1',
        originReadTimeout: 45,
        connectionAttempts: 1,
        connectionTimeout: 3,
      },
      backup: { url: 'http://backup.shop.example:8080' },
    });
    expect(config.originGroups).toEqual({
      'api-group': {
        members: ['api', 'backup'],
        failoverCriteria: { statusCodes: [502, 503, 504] },
      },
    });
    expect(config.defaultBehavior).toEqual({
      origin: 'site',
      functions: { 'viewer-request': 'auth' },
      cachePolicy: 'CachingOptimized',
      responseHeadersPolicy: 'SecurityHeadersPolicy',
      allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      cachedMethods: ['GET', 'HEAD', 'OPTIONS'],
      viewerProtocolPolicy: 'redirect-to-https',
    });
    expect(config.behaviors?.map((b) => b.pathPattern)).toEqual([
      '/api/admin/*',
      '/api/*',
      '/legacy/*',
      '*.jpg',
    ]);
    const [admin, api, legacy, images] = config.behaviors ?? [];
    expect(admin).toEqual({
      pathPattern: '/api/admin/*',
      origin: 'api',
      cachePolicy: 'CachingDisabled',
      originRequestPolicy: 'AllViewer',
      allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
      compress: false,
      viewerProtocolPolicy: 'https-only',
    });
    expect(api).toEqual({
      pathPattern: '/api/*',
      functions: { 'origin-request': { function: 'router', includeBody: true } },
      origin: 'api-group',
      cachePolicy: {
        minTTL: 0,
        defaultTTL: 60,
        maxTTL: 300,
        headers: ['Authorization', 'Accept-Language'],
        cookies: { allExcept: ['tracking'] },
        queryStrings: ['page', 'q'],
        enableAcceptEncodingGzip: true,
      },
      originRequestPolicy: 'AllViewerExceptHostHeader',
      responseHeadersPolicy: {
        corsConfig: {
          accessControlAllowOrigins: ['https://shop.example'],
          accessControlAllowHeaders: ['Authorization'],
          accessControlAllowMethods: ['GET', 'POST'],
          accessControlAllowCredentials: true,
          accessControlMaxAgeSec: 600,
          override: false,
        },
        securityHeadersConfig: {
          frameOptions: { frameOption: 'DENY', override: true },
          strictTransportSecurity: {
            accessControlMaxAgeSec: 63_072_000,
            includeSubdomains: true,
            override: true,
          },
        },
        customHeadersConfig: [{ header: 'X-Served-By', value: 'shop-edge', override: true }],
        removeHeadersConfig: ['X-Powered-By'],
      },
      allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
      compress: false,
      viewerProtocolPolicy: 'https-only',
    });
    expect(legacy).toEqual({
      pathPattern: '/legacy/*',
      origin: 'site',
      cache: {
        minTTL: 5,
        defaultTTL: 60,
        maxTTL: 600,
        queryStrings: ['v'],
        headers: ['Accept-Language'],
        cookies: ['session'],
      },
    });
    expect(images).toEqual({
      pathPattern: '*.jpg',
      origin: 'site',
      cachePolicy: 'CachingOptimizedForUncompressedObjects',
      originRequestPolicy: {
        headers: { allViewerAndWhitelistCloudFront: ['CloudFront-Viewer-Country'] },
        queryStrings: 'all',
      },
      viewerProtocolPolicy: 'redirect-to-https',
    });
    expect(config.customErrorResponses).toEqual([
      { errorCode: 404, responsePagePath: '/404.html', responseCode: 404, errorCachingMinTTL: 30 },
      { errorCode: 503, errorCachingMinTTL: 0 },
    ]);
    expect(config.defaultRootObject).toBe('index.html');
    // The custom policies were read by ID; the managed ones were not.
    expect(fake.operations().filter((op) => op.startsWith('cloudfront:'))).toEqual([
      'cloudfront:GetDistributionConfig',
      'cloudfront:GetCachePolicy',
      'cloudfront:GetOriginRequestPolicy',
      'cloudfront:GetResponseHeadersPolicy',
    ]);
    expect(fake.calls.find((c) => c.operation === 'cloudfront:GetCachePolicy')?.subject).toBe(
      CUSTOM_CACHE_POLICY,
    );

    // A second pull of the same distribution changes nothing, to the byte.
    output.length = 0;
    expect(await main(['pull'], project.root)).toBe(0);
    expect(configText()).toBe(text);
    expect(output.join('\n')).toContain(
      "✔ edge.config.ts already has the distribution's settings.",
    );
  }, 60_000);

  it('leaves a config `edge dev` serves offline: the site origin still serves public/', async () => {
    expect(await main(['pull'], project.root)).toBe(0);
    const session = await startDev({
      project: await loadProject(project.root),
      port: 0,
      watch: false,
      log: () => {},
    });
    try {
      const response = await fetch(`${session.url}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('<h1>shop</h1>');
      // The managed SecurityHeadersPolicy the default behavior now has.
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    } finally {
      await session.close();
    }
  }, 60_000);

  it('after a pull, deploy --dry-run has no behavior warning; a changed behavior warns', async () => {
    expect(await main(['pull'], project.root)).toBe(0);
    output.length = 0;
    expect(await main(['deploy', '--dry-run', '--json'], project.root)).toBe(0);
    const plan = printedJson().plan as { warnings: string[] };
    expect(plan.warnings).toEqual([]);

    // The owner switches /legacy/* to another protocol policy and a /api/* timeout by hand.
    writeFileSync(
      join(project.root, 'edge.config.ts'),
      configText()
        .replace(
          "pathPattern: '/legacy/*',",
          "pathPattern: '/legacy/*',\n      viewerProtocolPolicy: 'https-only',",
        )
        .replace('originReadTimeout: 45', 'originReadTimeout: 20'),
    );
    output.length = 0;
    expect(await main(['deploy', '--dry-run', '--json'], project.root)).toBe(0);
    expect((printedJson().plan as { warnings: string[] }).warnings).toEqual([
      "Behavior /legacy/* is not set up like the distribution's: viewerProtocolPolicy (here https-only, there allow-all). `pnpm dev` handles its requests otherwise than CloudFront. Run `edge pull` to take the distribution’s settings into edge.config.ts.",
      'Origin "api" differs from the distribution\'s in originReadTimeout: `pnpm dev` times out, retries or adds headers otherwise than CloudFront. Run `edge pull` to take the distribution’s settings into edge.config.ts.',
    ]);
  }, 90_000);

  it('a policy deploy may not read is left out of the comparison and said so; pull refuses', async () => {
    expect(await main(['pull'], project.root)).toBe(0);
    const pulledText = configText();
    fake.fail('cloudfront:GetCachePolicy', { status: 403, code: 'AccessDenied' });
    output.length = 0;
    expect(await main(['deploy', '--dry-run', '--json'], project.root)).toBe(0);
    expect((printedJson().plan as { warnings: string[] }).warnings).toEqual([
      'Could not read the policies of /api/* cachePolicy, so they were not compared with edge.config.ts (cloudfront:GetCachePolicy, GetOriginRequestPolicy and GetResponseHeadersPolicy read them).',
    ]);

    output.length = 0;
    expect(await main(['pull'], project.root)).toBe(1);
    expect(output.join('\n')).toContain(
      `✖ AWS denied cloudfront:GetCachePolicy ${CUSTOM_CACHE_POLICY}`,
    );
    expect(configText()).toBe(pulledText);
  }, 90_000);

  it('--dry-run prints the change as a diff and writes nothing', async () => {
    expect(await main(['pull', '--dry-run'], project.root)).toBe(0);
    const text = output.join('\n');
    expect(text).toContain('--- edge.config.ts\n+++ edge.config.ts (pulled)');
    expect(text).toContain("-    default: { dir: 'public' },");
    expect(text).toContain('+    site: {');
    expect(text).toContain('Dry run: edge.config.ts was not changed.');
    expect(configText()).toBe(OWNER_CONFIG);
    expect(leftovers()).toEqual([]);
  }, 60_000);

  it('--json prints what it read, in edge.config.ts terms, and nothing else on stdout', async () => {
    const log = vi.spyOn(console, 'log');
    expect(await main(['pull', '--json', '--dry-run'], project.root)).toBe(0);
    expect(log).toHaveBeenCalledTimes(1);
    const result = printedJson() as {
      ok: boolean;
      changed: boolean;
      written: boolean;
      read: {
        origins: Array<{ id: string; kind: string; url: string }>;
        defaultRootObject: string;
      };
      notes: string[];
    };
    expect(result.ok).toBe(true);
    expect(result.changed).toBe(true);
    expect(result.written).toBe(false);
    expect(result.read.origins.map((o) => [o.id, o.kind, o.url])).toEqual([
      ['site', 's3', 'https://shop-site.s3.us-east-1.amazonaws.com'],
      ['api', 'custom', 'https://api.shop.example/v1'],
      ['backup', 'custom', 'http://backup.shop.example:8080'],
    ]);
    expect(result.read.defaultRootObject).toBe('index.html');
    expect(result.notes).toContain(
      'Origin "default" is now "site", the distribution\'s name for it; `pnpm dev` still sends its requests where "default" did.',
    );
    expect(configText()).toBe(OWNER_CONFIG);
  }, 60_000);

  it('keeps a custom header value the owner replaced, and a local-only behavior with functions', async () => {
    project.write(
      'edge.config.ts',
      OWNER_CONFIG.replace(
        "default: { dir: 'public' },",
        "default: { dir: 'public' },\n    site: { dir: 'public', customHeaders: { 'x-site-token': 'placeholder' } },",
      ).replace(
        '  ],\n  stages',
        "    { pathPattern: '/beta/*', functions: { 'viewer-request': 'auth' } },\n  ],\n  stages",
      ),
    );
    expect(await main(['pull'], project.root)).toBe(0);
    const { config } = await loadProject(project.root);
    expect(config.origins.site?.customHeaders).toEqual({ 'x-site-token': 'placeholder' });
    // Kept, with the origin it uses: `default` is not the distribution's, but /beta/* needs it.
    expect(config.behaviors?.map((b) => b.pathPattern)).toEqual([
      '/api/admin/*',
      '/api/*',
      '/legacy/*',
      '*.jpg',
      '/beta/*',
    ]);
    expect(config.origins.default).toEqual({ dir: 'public' });
    expect(output.join('\n')).toContain(
      'Kept behavior "/beta/*", which the distribution does not have, for its functions',
    );
  }, 60_000);
});

describe('edge pull refuses bad input and writes nothing', () => {
  it('a stage without distributionId', async () => {
    const source = OWNER_CONFIG.replace("distributionId: 'E2FAKEDIST0001',", '');
    project.write('edge.config.ts', source);
    expect(await main(['pull'], project.root)).toBe(1);
    expect(output.join('\n')).toContain(
      '✖ stages.prod.distributionId is not set in edge.config.ts.',
    );
    expect(configText()).toBe(source);
    expect(fake.calls).toEqual([]);
  });

  it('an unknown stage', async () => {
    expect(await main(['pull', '--stage', 'staging'], project.root)).toBe(1);
    const text = output.join('\n');
    expect(text).toContain('✖ edge.config.ts has no stage "staging".');
    expect(text).toContain('prod');
    expect(configText()).toBe(OWNER_CONFIG);
    expect(fake.calls).toEqual([]);
  });

  it('an edge.config.ts that does not compile', async () => {
    const broken = OWNER_CONFIG.replace("profile: 'strict',", "profile: 'strict',,, {");
    project.write('edge.config.ts', broken);
    expect(await main(['pull'], project.root)).toBe(1);
    expect(output.join('\n')).toContain('✖ edge.config.ts does not compile');
    expect(configText()).toBe(broken);
    expect(fake.calls).toEqual([]);
  });

  it('behaviors built in code, which cannot be edited safely', async () => {
    const computed = OWNER_CONFIG.replace(
      "import { defineConfig } from '@edge-app/runtime';",
      "import { defineConfig } from '@edge-app/runtime';\n\nconst api = { pathPattern: '/api/*' };",
    ).replace(/ {2}behaviors: \[[\s\S]*?\n {2}\],/, '  behaviors: [api],');
    project.write('edge.config.ts', computed);
    expect(await main(['pull'], project.root)).toBe(1);
    expect(output.join('\n')).toContain(
      '✖ edge.config.ts builds `behaviors` in code rather than writing it as an object literal',
    );
    expect(configText()).toBe(computed);
    expect(leftovers()).toEqual([]);
  });

  it('a distribution that does not exist', async () => {
    project.write('edge.config.ts', OWNER_CONFIG.replace('E2FAKEDIST0001', 'E2NOSUCHDIST'));
    expect(await main(['pull'], project.root)).toBe(1);
    expect(output.join('\n')).toContain('✖ CloudFront has no distribution with that id');
    expect(existsSync(join(project.root, 'edge.config.ts'))).toBe(true);
    expect(leftovers()).toEqual([]);
  });
});
