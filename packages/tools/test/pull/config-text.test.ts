/**
 * How `edge pull` edits edge.config.ts's text, on layouts an owner writes: comments between and
 * inside behaviors, one-line objects, behaviors to reorder, add and drop, settings to remove,
 * a handler origin, a plain `export default`. Each result is loaded as every command loads it
 * and must hold exactly what the plan says.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CacheBehavior, DistributionConfig } from '@aws-sdk/client-cloudfront';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/project.ts';
import { same } from '../../src/pull/compare.ts';
import { writePlan } from '../../src/pull/config-text.ts';
import { remoteConfig } from '../../src/pull/from-distribution.ts';
import { type PullPlan, planPull } from '../../src/pull/merge.ts';
import { emptyPolicyBook } from '../../src/pull/remote-behavior.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'edge-pull-text-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const list = <T>(items: T[]) => ({ Quantity: items.length, Items: items });
const OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

function behavior(pathPattern: string | undefined, extra: Partial<CacheBehavior> = {}) {
  return {
    ...(pathPattern ? { PathPattern: pathPattern } : {}),
    TargetOriginId: 'site',
    ViewerProtocolPolicy: 'allow-all',
    Compress: true,
    CachePolicyId: OPTIMIZED,
    ...extra,
  } as CacheBehavior;
}

function distribution(behaviors: CacheBehavior[], extra: Partial<DistributionConfig> = {}) {
  return {
    CallerReference: 'x',
    Comment: '',
    Enabled: true,
    Origins: list([
      {
        Id: 'site',
        DomainName: 'site.s3.us-east-1.amazonaws.com',
        S3OriginConfig: { OriginAccessIdentity: '' },
      },
    ]),
    DefaultCacheBehavior: behavior(undefined),
    CacheBehaviors: list(behaviors),
    ...extra,
  } as DistributionConfig;
}

/** Pulls `config` into `source`; checks the text loads to the plan's config. */
async function pulled(
  source: string,
  config: DistributionConfig,
): Promise<{ text: string; plan: PullPlan }> {
  writeFileSync(join(root, 'edge.config.ts'), source);
  const local = await loadConfig(root);
  const plan = planPull(local, remoteConfig(config, emptyPolicyBook()), {
    functionNamePrefix: 'shop-prod-',
    functions: [{ name: 'auth', eventType: 'viewer-request' }],
  });
  const text = writePlan(source, local, plan);
  writeFileSync(join(root, 'edge.config.ts'), text);
  expect(same(await loadConfig(root), plan.config)).toBe(true);
  // Pulled again, nothing changes.
  const again = planPull(plan.config, remoteConfig(config, emptyPolicyBook()), {
    functionNamePrefix: 'shop-prod-',
    functions: [],
  });
  expect(writePlan(text, await loadConfig(root), again)).toBe(text);
  return { text, plan };
}

describe('edge pull edits edge.config.ts as text', () => {
  it('reorders behaviors with their comments, adds new ones, drops one without functions', async () => {
    const source = `export default {
  origins: { site: { dir: 'public' } },
  defaultBehavior: { origin: 'site' },
  behaviors: [
    // Old campaign pages.
    { pathPattern: '/old/*', origin: 'site' },
    // Images: long cache.
    { pathPattern: '*.jpg', origin: 'site' }, // kept hot
    /* The API. */
    {
      pathPattern: '/api/*',
      origin: 'site', // same bucket for now
      functions: { 'viewer-request': 'auth' },
    },
  ],
};
`;
    const { text, plan } = await pulled(
      source,
      distribution([
        behavior('/api/*', { ViewerProtocolPolicy: 'https-only' }),
        behavior('*.jpg'),
        behavior('/new/*', {
          LambdaFunctionAssociations: list([
            {
              LambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:shop-prod-auth:3',
              EventType: 'viewer-request',
            },
          ]),
        }),
      ]),
    );
    expect(text).toBe(`export default {
  origins: { site: { dir: 'public' } },
  defaultBehavior: { origin: 'site' },
  behaviors: [
    // Old campaign pages.
    /* The API. */
    {
      pathPattern: '/api/*',
      origin: 'site', // same bucket for now
      viewerProtocolPolicy: 'https-only',
      functions: { 'viewer-request': 'auth' },
    },
    // Images: long cache.
    { pathPattern: '*.jpg', origin: 'site' }, // kept hot
    {
      pathPattern: '/new/*',
      origin: 'site',
      cachePolicy: 'CachingOptimized',
      functions: { 'viewer-request': 'auth' },
    },
  ],
};
`);
    expect(plan.notes).toContain(
      'Removed behavior "/old/*", which the distribution does not have.',
    );
  });

  it('removes what the distribution does not set, and adds what it does after its neighbours', async () => {
    const source = `export default {
  origins: {
    site: { dir: 'public', connectionTimeout: 4 }, // the bucket
  },
  defaultRootObject: 'index.html',
  defaultBehavior: {
    origin: 'site',
    originRequestPolicy: 'AllViewer', // gone on AWS
    compress: false,
  },
  customErrorResponses: [{ errorCode: 404, responsePagePath: '/404.html' }],
};
`;
    const { text } = await pulled(
      source,
      distribution([], {
        OriginGroups: list([]),
        CustomErrorResponses: list([]),
        Origins: list([
          {
            Id: 'site',
            DomainName: 'site.s3.us-east-1.amazonaws.com',
            S3OriginConfig: { OriginAccessIdentity: '' },
            ConnectionTimeout: 4,
            ConnectionAttempts: 1,
          },
        ]),
      }),
    );
    expect(text).toBe(`export default {
  origins: {
    site: { dir: 'public', connectionTimeout: 4, connectionAttempts: 1 }, // the bucket
  },
  defaultBehavior: {
    origin: 'site',
    compress: true,
  },
};
`);
  });

  it('keeps a handler origin as code and sets its settings in its one-line object', async () => {
    const source = `const reply = () => ({ status: 200, body: 'hi' });
export default { origins: { site: { handler: reply } }, defaultBehavior: { origin: 'site' } };
`;
    const { text } = await pulled(
      source,
      distribution([], {
        Origins: list([
          {
            Id: 'site',
            DomainName: 'api.example.com',
            CustomOriginConfig: {
              HTTPPort: 80,
              HTTPSPort: 443,
              OriginProtocolPolicy: 'https-only',
              OriginReadTimeout: 10,
            },
          },
        ]),
      }),
    );
    expect(text).toBe(`const reply = () => ({ status: 200, body: 'hi' });
export default { origins: { site: { handler: reply, originReadTimeout: 10 } }, defaultBehavior: { origin: 'site' } };
`);
  });

  it('serves a new S3 origin from s3/<bucket> and reaches a new custom origin at its URL', async () => {
    const source = `export default {
  origins: { site: { dir: 'public' } },
  defaultBehavior: { origin: 'site' },
};
`;
    const { plan } = await pulled(
      source,
      distribution([behavior('/assets/*', { TargetOriginId: 'assets' })], {
        Origins: list([
          {
            Id: 'site',
            DomainName: 'site.s3.us-east-1.amazonaws.com',
            S3OriginConfig: { OriginAccessIdentity: '' },
          },
          {
            Id: 'assets',
            DomainName: 'shop-assets.s3.eu-west-1.amazonaws.com',
            OriginPath: '/v2',
            S3OriginConfig: { OriginAccessIdentity: '' },
          },
        ]),
      }),
    );
    expect(plan.config.origins.assets).toEqual({ dir: 's3/shop-assets/v2' });
    expect(plan.notes).toContain(
      'Origin "assets" is the S3 bucket shop-assets: `pnpm dev` serves it from s3/shop-assets/v2 (`aws s3 sync s3://shop-assets/v2 s3/shop-assets/v2` copies it there).',
    );
  });
});
