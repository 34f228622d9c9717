/**
 * `edge pull` against a real moto server: a distribution created there with the SDK (origins
 * with timeouts, attempts and custom headers, an origin group, managed policies, a legacy
 * behavior, custom error responses, a default root object) is pulled into a workspace; the
 * written edge.config.ts, sent back as the distribution's config by a test helper after the
 * distribution was reset, gives the distribution that was pulled, and a second pull changes
 * nothing.
 *
 * moto has no policy API (GetCachePolicy and the others), so this distribution attaches
 * managed policies only; custom policies are pulled from the fake AWS (test/pull/). moto
 * also drops Lambda@Edge associations, so none are on its distribution.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CacheBehavior,
  CloudFrontClient,
  CreateDistributionCommand,
  type DistributionConfig,
  GetDistributionConfigCommand,
  type Method,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { loadProject } from '../../src/project.ts';
import { remoteConfig } from '../../src/pull/from-distribution.ts';
import { emptyPolicyBook } from '../../src/pull/remote-behavior.ts';
import { createTempProject, type TempProject } from '../build/fixture.ts';
import { captureConsole } from '../dev/fixture.ts';
import { OWNER_CONFIG } from '../pull/fixture.ts';
import { toDistributionConfig } from '../pull/to-distribution.ts';
import { MOTO_ACCESS_KEY, MOTO_SECRET_KEY, motoForSuite } from './moto-server.ts';

const { unavailable, current: moto } = motoForSuite();
let project: TempProject;
let cloudFront: CloudFrontClient;

const PASS_THROUGH = `export const handler = async (event: { Records: Array<{ cf: { request: unknown } }> }) =>
  event.Records[0]!.cf.request;
`;

beforeEach(() => {
  project = createTempProject({
    auth: { eventType: 'viewer-request', files: { 'src/index.ts': PASS_THROUGH } },
    router: { eventType: 'origin-request', files: { 'src/index.ts': PASS_THROUGH } },
  });
  const server = moto();
  if (!server) return;
  vi.stubEnv('AWS_ENDPOINT_URL', server.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', MOTO_ACCESS_KEY);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', MOTO_SECRET_KEY);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_CONFIG_FILE', join(project.root, 'no-aws-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(project.root, 'no-aws-credentials'));
  vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
  cloudFront = new CloudFrontClient({ region: 'us-east-1' });
});
afterEach(() => {
  cloudFront?.destroy();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  project.cleanup();
});

const list = <T>(items: T[]) => ({ Quantity: items.length, Items: items });
const methods = (allowed: Method[], cached: Method[]) => ({
  ...list(allowed),
  CachedMethods: list(cached),
});

function distributionConfig(): DistributionConfig {
  const behavior = (extra: Partial<CacheBehavior>) =>
    ({
      TargetOriginId: 'site',
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: true,
      AllowedMethods: methods(['GET', 'HEAD'], ['GET', 'HEAD']),
      ...extra,
    }) as CacheBehavior;
  const allMethods: Method[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'];
  return {
    CallerReference: `edge-moto-pull-${Date.now()}`,
    Comment: 'shop storefront',
    Enabled: true,
    DefaultRootObject: 'index.html',
    Origins: list([
      {
        Id: 'site',
        DomainName: 'shop-site.s3.us-east-1.amazonaws.com',
        OriginPath: '',
        S3OriginConfig: { OriginAccessIdentity: '' },
        ConnectionAttempts: 2,
        ConnectionTimeout: 5,
        CustomHeaders: list([{ HeaderName: 'X-Site-Token', HeaderValue: 'from-cloudfront' }]),
      },
      {
        Id: 'api',
        DomainName: 'api.shop.example',
        OriginPath: '/v1',
        CustomOriginConfig: {
          HTTPPort: 80,
          HTTPSPort: 443,
          OriginProtocolPolicy: 'https-only',
          OriginReadTimeout: 45,
          OriginKeepaliveTimeout: 5,
          OriginSslProtocols: list(['TLSv1.2']),
        },
        ConnectionAttempts: 1,
        ConnectionTimeout: 3,
      },
      {
        Id: 'backup',
        DomainName: 'backup.shop.example',
        CustomOriginConfig: {
          HTTPPort: 8080,
          HTTPSPort: 443,
          OriginProtocolPolicy: 'http-only',
          OriginSslProtocols: list(['TLSv1.2']),
        },
      },
    ]),
    OriginGroups: list([
      {
        Id: 'api-group',
        FailoverCriteria: { StatusCodes: list([502, 503]) },
        Members: list([{ OriginId: 'api' }, { OriginId: 'backup' }]),
      },
    ]),
    DefaultCacheBehavior: behavior({
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      ResponseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03',
      AllowedMethods: methods(['GET', 'HEAD', 'OPTIONS'], ['GET', 'HEAD', 'OPTIONS']),
    }) as DistributionConfig['DefaultCacheBehavior'],
    CacheBehaviors: list([
      behavior({
        PathPattern: '/api/admin/*',
        TargetOriginId: 'api',
        ViewerProtocolPolicy: 'https-only',
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: '216adef6-5c7f-47e4-b989-5492eafa07d3',
        Compress: false,
        AllowedMethods: methods(allMethods, ['GET', 'HEAD']),
      }),
      behavior({
        PathPattern: '/api/*',
        TargetOriginId: 'api-group',
        ViewerProtocolPolicy: 'https-only',
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
        ResponseHeadersPolicyId: '5cc3b908-e619-4b99-88e5-2cf7f45965bd',
        Compress: false,
        AllowedMethods: methods(allMethods, ['GET', 'HEAD']),
      }),
      behavior({
        PathPattern: '/legacy/*',
        ViewerProtocolPolicy: 'allow-all',
        ForwardedValues: {
          QueryString: true,
          QueryStringCacheKeys: list(['v']),
          Cookies: { Forward: 'whitelist', WhitelistedNames: list(['session']) },
          Headers: list(['Accept-Language']),
        },
        MinTTL: 5,
        DefaultTTL: 60,
        MaxTTL: 600,
      }),
    ]),
    CustomErrorResponses: list([
      {
        ErrorCode: 404,
        ResponsePagePath: '/404.html',
        ResponseCode: '404',
        ErrorCachingMinTTL: 30,
      },
      { ErrorCode: 503, ErrorCachingMinTTL: 0 },
    ]),
  };
}

async function readConfig(id: string): Promise<{ config: DistributionConfig; etag: string }> {
  const answer = await cloudFront.send(new GetDistributionConfigCommand({ Id: id }));
  return { config: answer.DistributionConfig!, etag: answer.ETag ?? '' };
}

async function update(id: string, config: DistributionConfig): Promise<void> {
  const { etag } = await readConfig(id);
  await cloudFront.send(
    new UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: config }),
  );
}

/** What `edge pull` reads of a distribution: the settings it writes, in its own terms. */
const pulledView = (config: DistributionConfig) => {
  const { notes: _, ...view } = remoteConfig(config, emptyPolicyBook());
  return view;
};

describe.skipIf(unavailable !== undefined)('edge pull against moto', () => {
  it('round-trips: the pulled edge.config.ts, sent back as the config, is the distribution', async () => {
    const created = await cloudFront.send(
      new CreateDistributionCommand({ DistributionConfig: distributionConfig() }),
    );
    const id = created.Distribution?.Id ?? '';
    expect(id).not.toBe('');
    project.write('edge.config.ts', OWNER_CONFIG.replace('E2FAKEDIST0001', id));
    const output = captureConsole();

    expect(await main(['pull'], project.root)).toBe(0);
    expect(output.join('\n')).toContain(`✔ Wrote the settings of ${id} into edge.config.ts`);
    const pulled = (await readConfig(id)).config;
    const { config } = await loadProject(project.root);
    expect(config.behaviors?.map((b) => b.pathPattern)).toEqual([
      '/api/admin/*',
      '/api/*',
      '/legacy/*',
    ]);
    expect(config.behaviors?.[2]?.cache).toEqual({
      minTTL: 5,
      defaultTTL: 60,
      maxTTL: 600,
      queryStrings: ['v'],
      headers: ['Accept-Language'],
      cookies: ['session'],
    });

    // The distribution is reset to one plain behavior and default origin settings...
    const origins = pulled.Origins?.Items ?? [];
    await update(id, {
      ...pulled,
      DefaultRootObject: '',
      OriginGroups: list([]),
      CacheBehaviors: list([]),
      CustomErrorResponses: list([]),
      Origins: list(
        origins.map((o) => ({
          ...o,
          ConnectionAttempts: 3,
          ConnectionTimeout: 10,
          CustomHeaders: list([]),
        })),
      ),
      DefaultCacheBehavior: {
        ...pulled.DefaultCacheBehavior!,
        ViewerProtocolPolicy: 'allow-all',
        ResponseHeadersPolicyId: '',
      },
    });
    const reset = (await readConfig(id)).config;
    expect(reset.CacheBehaviors?.Quantity).toBe(0);
    expect(pulledView(reset)).not.toEqual(pulledView(pulled));

    // ...and edge.config.ts, deployed as its config, brings back everything that was pulled.
    await update(id, toDistributionConfig(config, reset));
    const restored = (await readConfig(id)).config;
    expect(pulledView(restored)).toEqual(pulledView(pulled));

    // A second pull finds nothing to change.
    const text = readFileSync(join(project.root, 'edge.config.ts'), 'utf8');
    output.length = 0;
    expect(await main(['pull'], project.root)).toBe(0);
    expect(readFileSync(join(project.root, 'edge.config.ts'), 'utf8')).toBe(text);
    expect(output.join('\n')).toContain(
      "✔ edge.config.ts already has the distribution's settings.",
    );
  }, 120_000);
});

// Said in the test report, never silently: the machine cannot run moto.
if (unavailable) it.skip(`edge pull against moto: cannot run here, ${unavailable}`, () => {});
