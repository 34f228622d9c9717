/** How a distribution's origins read in edge.config.ts's terms, for each way AWS describes one. */
import type { DistributionConfig, Origin } from '@aws-sdk/client-cloudfront';
import { describe, expect, it } from 'vitest';
import { remoteConfig } from '../../src/pull/from-distribution.ts';
import { emptyPolicyBook } from '../../src/pull/remote-behavior.ts';

const list = <T>(items: T[]) => ({ Quantity: items.length, Items: items });

function read(origins: Origin[]) {
  const config = {
    Origins: list(origins),
    DefaultCacheBehavior: {
      TargetOriginId: origins[0]?.Id,
      ViewerProtocolPolicy: 'allow-all',
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    },
  } as DistributionConfig;
  return remoteConfig(config, emptyPolicyBook());
}

describe('origins as pull reads them', () => {
  it('tells S3, custom and VPC origins apart, with the URL a { url } origin would use', () => {
    const { origins, notes } = read([
      {
        Id: 'bucket',
        DomainName: 'b.s3.us-east-1.amazonaws.com',
        S3OriginConfig: { OriginAccessIdentity: '' },
      },
      // moto answers S3 origins without S3OriginConfig: the REST domain still says S3.
      { Id: 'bare-bucket', DomainName: 'b.s3.amazonaws.com' },
      {
        Id: 'site',
        DomainName: 'b.s3-website-us-east-1.amazonaws.com',
        CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
      },
      {
        Id: 'app',
        DomainName: 'app.example.com',
        OriginPath: '/v2',
        CustomOriginConfig: {
          HTTPPort: 80,
          HTTPSPort: 8443,
          OriginProtocolPolicy: 'match-viewer',
          OriginReadTimeout: 60,
        },
      },
      {
        Id: 'private',
        DomainName: 'internal.example.com',
        VpcOriginConfig: { VpcOriginId: 'vo_1', OriginReadTimeout: 20 },
      },
    ]);
    expect(origins.map((o) => [o.id, o.kind, o.url, o.settings.originReadTimeout])).toEqual([
      ['bucket', 's3', 'https://b.s3.us-east-1.amazonaws.com', undefined],
      ['bare-bucket', 's3', 'https://b.s3.amazonaws.com', undefined],
      ['site', 'custom', 'http://b.s3-website-us-east-1.amazonaws.com', 30],
      ['app', 'custom', 'https://app.example.com:8443/v2', 60],
      ['private', 'custom', 'https://internal.example.com', 20],
    ]);
    expect(notes).toEqual([
      'Origin "app" matches the viewer\'s protocol; pulled as https://app.example.com:8443/v2 (HTTPS, as `pnpm dev` takes its viewers to use).',
    ]);
  });
});
