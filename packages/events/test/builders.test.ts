import { describe, expect, it } from 'vitest';
import {
  EXPOSED_BODY_BYTES,
  getHeader,
  originRequest,
  originResponse,
  readBody,
  viewerRequest,
  viewerResponse,
} from '../src/index.ts';
import { loadFixture } from './load-fixture.ts';

// The guide's viewer events come from `curl/7.66.0`, whose `accept` line kept its lower-case key.
const curlHeaders = { 'user-agent': 'curl/7.66.0', accept: { key: 'accept', value: '*/*' } };
const originHeaders = {
  'access-control-allow-credentials': 'true',
  'access-control-allow-origin': '*',
  'referrer-policy': 'no-referrer-when-downgrade',
  server: 'ExampleCustomOriginServer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'x-xss-protection': { key: 'X-XSS-Protection', value: '1; mode=block' },
  'content-type': 'text/html; charset=utf-8',
  'content-length': '9593',
};

describe('builders reproduce the Developer Guide example events', () => {
  it('viewerRequest', () => {
    expect(viewerRequest({ headers: curlHeaders })).toEqual(
      loadFixture('devguide', 'viewer-request'),
    );
  });

  it('originRequest adds what CloudFront adds towards the origin', () => {
    const event = originRequest({ headers: { 'cache-control': 'no-cache, cf-no-cache' } });
    expect(event).toEqual(loadFixture('devguide', 'origin-request'));
  });

  it('originResponse', () => {
    const event = originResponse({
      headers: { ...originHeaders, date: 'Mon, 13 Jan 2020 20:12:38 GMT' },
      request: {
        headers: {
          'cache-control': 'no-cache, cf-no-cache',
          via: '2.0 8f22423015641505b8c857a37450d6c0.cloudfront.net (CloudFront)',
        },
      },
    });
    expect(event).toEqual(loadFixture('devguide', 'origin-response'));
  });

  it('viewerResponse', () => {
    const event = viewerResponse({
      headers: { ...originHeaders, date: 'Mon, 13 Jan 2020 20:14:56 GMT', age: '2402' },
      request: { headers: curlHeaders },
    });
    expect(event).toEqual(loadFixture('devguide', 'viewer-response'));
  });
});

describe('viewerRequest', () => {
  it('turns a plain header record into CloudFront lines', () => {
    const request = viewerRequest({
      uri: '/a',
      querystring: 'x=1',
      headers: {
        authorization: 'Bearer t',
        'X-API-Key': 'k',
        accept: ['text/html', 'application/json'],
      },
    }).Records[0].cf.request;
    expect(request.uri).toBe('/a');
    expect(request.querystring).toBe('x=1');
    expect(request.method).toBe('GET');
    expect(request.headers).toMatchObject({
      authorization: [{ key: 'Authorization', value: 'Bearer t' }],
      'x-api-key': [{ key: 'X-API-Key', value: 'k' }],
      accept: [
        { key: 'Accept', value: 'text/html' },
        { key: 'Accept', value: 'application/json' },
      ],
      host: [{ key: 'Host', value: 'd111111abcdef8.cloudfront.net' }],
    });
    expect(request).not.toHaveProperty('body');
    expect(request).not.toHaveProperty('origin');
  });

  it('takes config and client fields, with host following the distribution domain', () => {
    const event = viewerRequest({
      method: 'POST',
      clientIp: '198.51.100.7',
      config: {
        distributionDomainName: 'dabc.cloudfront.net',
        distributionId: 'E1',
        requestId: 'r-1',
      },
    });
    const { config, request } = event.Records[0].cf;
    expect(config).toEqual({
      distributionDomainName: 'dabc.cloudfront.net',
      distributionId: 'E1',
      eventType: 'viewer-request',
      requestId: 'r-1',
    });
    expect(request.clientIp).toBe('198.51.100.7');
    expect(request.method).toBe('POST');
    expect(getHeader(request.headers, 'host')).toBe('dabc.cloudfront.net');
  });

  it('splits a query string off the uri and encodes query parameters', () => {
    expect(viewerRequest({ uri: '/s?q=a b' }).Records[0].cf.request).toMatchObject({
      uri: '/s',
      querystring: 'q=a b',
    });
    const encoded = viewerRequest({ querystring: { q: 'a b#c', tag: ['x', 'y'] } }).Records[0].cf
      .request;
    expect(encoded.querystring).toBe('q=a%20b%23c&tag=x&tag=y');
  });

  it('rejects a uri that CloudFront would reject, saying why', () => {
    expect(() => viewerRequest({ uri: 'index.html' })).toThrow(/uri must start with "\/"/);
    expect(() => viewerRequest({ uri: '/a?x=1', querystring: 'y=2' })).toThrow(
      /put the query in one of them/,
    );
    expect(() => viewerRequest({ headers: { 'bad name': 'x' } })).toThrow(
      /Invalid header name "bad name"/,
    );
  });

  it('exposes a body as IncludeBody does: base64, read-only, with its length', () => {
    const request = viewerRequest({ method: 'POST', body: 'name=caf\u00e9' }).Records[0].cf.request;
    expect(request.body).toEqual({
      inputTruncated: false,
      action: 'read-only',
      encoding: 'base64',
      data: Buffer.from('name=caf\u00e9').toString('base64'),
    });
    expect(getHeader(request.headers, 'content-length')).toBe('10');
    expect(new TextDecoder().decode(readBody(request.body!))).toBe('name=caf\u00e9');
  });

  it('truncates a body past the viewer-request limit and says so', () => {
    const big = new Uint8Array(EXPOSED_BODY_BYTES['viewer-request'] + 5).fill(65);
    const body = viewerRequest({ body: big }).Records[0].cf.request.body!;
    expect(body.inputTruncated).toBe(true);
    expect(readBody(body)).toHaveLength(EXPOSED_BODY_BYTES['viewer-request']);
    const origin = originRequest({ body: big }).Records[0].cf.request.body!;
    expect(origin.inputTruncated).toBe(false);
    expect(readBody(origin)).toHaveLength(big.length);
  });

  it('exposes an empty body with includeBody alone, and honours a custom limit', () => {
    expect(viewerRequest({ includeBody: true }).Records[0].cf.request.body).toMatchObject({
      data: '',
      inputTruncated: false,
    });
    const body = viewerRequest({ body: 'abcdef', bodyLimitBytes: 4 }).Records[0].cf.request.body!;
    expect(Buffer.from(body.data, 'base64').toString()).toBe('abcd');
    expect(body.inputTruncated).toBe(true);
  });
});

describe('originRequest', () => {
  it('uses the origin domain as host and keeps headers the caller gives', () => {
    const request = originRequest({
      origin: { custom: { domainName: 'api.example.com', port: 8443 } },
      headers: { 'user-agent': 'forwarded-agent', 'cloudfront-viewer-country': 'TW' },
    }).Records[0].cf.request;
    expect(request.origin.custom).toMatchObject({
      domainName: 'api.example.com',
      port: 8443,
      protocol: 'https',
    });
    expect(getHeader(request.headers, 'host')).toBe('api.example.com');
    expect(getHeader(request.headers, 'user-agent')).toBe('forwarded-agent');
    expect(getHeader(request.headers, 'x-forwarded-for')).toBe('203.0.113.178');
    expect(request.headers['cloudfront-viewer-country']).toEqual([
      { key: 'Cloudfront-Viewer-Country', value: 'TW' },
    ]);
  });

  it('defaults the port of a custom origin to its protocol', () => {
    const origin = originRequest({ origin: { custom: { protocol: 'http' } } }).Records[0].cf.request
      .origin;
    expect(origin.custom).toMatchObject({ protocol: 'http', port: 80 });
  });

  it('builds an S3 origin, with a Region only for an origin access identity', () => {
    const withIdentity = originRequest({ origin: { s3: { domainName: 'b.s3.amazonaws.com' } } })
      .Records[0].cf.request;
    expect(withIdentity.origin).toEqual({
      s3: {
        authMethod: 'origin-access-identity',
        customHeaders: {},
        domainName: 'b.s3.amazonaws.com',
        path: '',
        region: 'us-east-1',
      },
    });
    expect(getHeader(withIdentity.headers, 'host')).toBe('b.s3.amazonaws.com');
    const publicBucket = originRequest({
      origin: { s3: { authMethod: 'none', customHeaders: { 'x-k': 'v' } } },
    });
    expect(publicBucket.Records[0].cf.request.origin.s3).toEqual({
      authMethod: 'none',
      customHeaders: { 'x-k': [{ key: 'X-K', value: 'v' }] },
      domainName: 'my-bucket.s3.amazonaws.com',
      path: '',
    });
  });
});

describe('response builders', () => {
  it('write the status as a string with its reason phrase', () => {
    const response = originResponse({ status: 404 }).Records[0].cf.response;
    expect(response).toEqual({ status: '404', statusDescription: 'Not Found', headers: {} });
    expect(
      viewerResponse({ status: '302', statusDescription: 'Moved' }).Records[0].cf.response,
    ).toMatchObject({
      status: '302',
      statusDescription: 'Moved',
    });
  });

  it('reject a status that is not an HTTP status code', () => {
    expect(() => originResponse({ status: 700 })).toThrow(/100 to 599, got 700/);
    expect(() => viewerResponse({ status: 'OK' })).toThrow(/got "OK"/);
  });

  it('give origin-response the origin request and viewer-response the viewer one', () => {
    expect(originResponse().Records[0].cf.request.origin).toBeDefined();
    expect(viewerResponse().Records[0].cf.request).not.toHaveProperty('origin');
    expect(originResponse({ request: { uri: '/x' } }).Records[0].cf.request.uri).toBe('/x');
  });
});
