import { fileURLToPath } from 'node:url';
import { getHeader, originRequest } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectForwarded } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';
import { createRouter, type Routing } from './router.ts';

const shipped = fileURLToPath(new URL('./index.ts', import.meta.url));

function viewer(headers: Record<string, string>) {
  return originRequest({
    uri: '/index.html',
    headers: { host: 'origin.example.com', ...headers },
    origin: { custom: { domainName: 'origin.example.com' } },
  });
}

async function route(headers: Record<string, string>) {
  const request = expectForwarded(await invoke(shipped, viewer(headers)));
  if (!('origin' in request)) throw new Error('origin-request result without origin');
  return request;
}

describe('geo-device-routing: the shipped routing', () => {
  it('sends a mobile viewer in Germany to /m on the EU origin', async () => {
    const request = await route({
      'cloudfront-viewer-country': 'DE',
      'cloudfront-is-mobile-viewer': 'true',
      'cloudfront-is-desktop-viewer': 'false',
    });
    expect(request.uri).toBe('/m/index.html');
    expect(request.origin.custom?.domainName).toBe('eu.origin.example.com');
    expect(getHeader(request.headers, 'host')).toBe('eu.origin.example.com');
  });

  it.each([
    ['cloudfront-is-tablet-viewer', '/m/index.html'],
    ['cloudfront-is-smarttv-viewer', '/tv/index.html'],
    ['cloudfront-is-desktop-viewer', '/index.html'],
  ])('%s → %s', async (header, uri) => {
    expect((await route({ [header]: 'true' })).uri).toBe(uri);
  });

  it('leaves the request alone without CloudFront headers or for an unlisted country', async () => {
    const cases: Array<Record<string, string>> = [{}, { 'cloudfront-viewer-country': 'BR' }];
    for (const headers of cases) {
      const request = await route(headers);
      expect(request.uri).toBe('/index.html');
      expect(request.origin.custom?.domainName).toBe('origin.example.com');
      expect(getHeader(request.headers, 'host')).toBe('origin.example.com');
    }
  });
});

describe('geo-device-routing: S3 origins and checks', () => {
  const routing: Routing = {
    devicePrefixes: {},
    countryOrigins: {
      JP: { domainName: 'site-ap.s3.ap-northeast-1.amazonaws.com', region: 'ap-northeast-1' },
    },
  };

  it('switches the bucket and region of an S3 origin', async () => {
    const event = originRequest({
      headers: { 'cloudfront-viewer-country': 'JP' },
      origin: {
        s3: {
          domainName: 'site.s3.us-east-1.amazonaws.com',
          region: 'us-east-1',
          authMethod: 'origin-access-identity',
        },
      },
    });
    const request = expectForwarded(await invoke(createRouter(routing), event));
    if (!('origin' in request)) throw new Error('origin-request result without origin');
    expect(request.origin.s3).toMatchObject({
      domainName: 'site-ap.s3.ap-northeast-1.amazonaws.com',
      region: 'ap-northeast-1',
    });
  });

  it.each([
    [{ devicePrefixes: { mobile: 'm/' }, countryOrigins: {} }, 'devicePrefixes.mobile'],
    [
      { devicePrefixes: {}, countryOrigins: { de: { domainName: 'x.example' } } },
      '"de" is not an upper-case',
    ],
    [
      { devicePrefixes: {}, countryOrigins: { DE: { domainName: 'x.example:8080' } } },
      'without port',
    ],
    [
      { devicePrefixes: {}, countryOrigins: { DE: { domainName: '10.0.0.1' } } },
      'not an IP address',
    ],
  ] as Array<[Routing, string]>)('refuses %j', (bad, message) => {
    expect(() => createRouter(bad)).toThrow(message);
  });
});
