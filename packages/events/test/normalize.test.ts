import { describe, expect, it } from 'vitest';
import {
  assertEvent,
  getCookie,
  getHeader,
  InvalidEventError,
  isEvent,
  normalizeEvent,
  originRequest,
  originResponse,
  viewerRequest,
  viewerResponse,
} from '../src/index.ts';
import { fixtureNames, loadFixture } from './load-fixture.ts';

function errorOf(action: () => unknown): InvalidEventError {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected an InvalidEventError');
}

describe('the Developer Guide events', () => {
  it.each(fixtureNames('devguide'))('%s is complete and normalizes to itself', (name) => {
    const raw = loadFixture('devguide', name);
    expect(() => assertEvent(raw, name as 'viewer-request')).not.toThrow();
    expect(normalizeEvent(raw)).toEqual(raw);
    expect(normalizeEvent(raw).Records[0].cf.config.eventType).toBe(name);
  });
});

describe('the sam-cli events', () => {
  const names = fixtureNames('sam-cli');

  it('are all there', () => {
    expect(names).toHaveLength(12);
  });

  it.each(names)('%s lacks what CloudFront sends and normalizes to a complete event', (name) => {
    const raw = loadFixture('sam-cli', name);
    expect(isEvent(raw)).toBe(false);
    const event = normalizeEvent(raw);
    expect(() => assertEvent(event)).not.toThrow();
    expect(normalizeEvent(event)).toEqual(event);
  });

  it('keeps what the event says and fills CloudFront defaults', () => {
    const event = normalizeEvent(loadFixture('sam-cli', 'modify-querystring'));
    expect(event.Records[0].cf.config).toEqual({
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      distributionId: 'EXAMPLE',
      eventType: 'viewer-request',
      requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==',
    });
    expect(event.Records[0].cf.request).toMatchObject({
      uri: '/test',
      querystring: 'auth=test&foo=bar',
      clientIp: '2001:cdba::3257:9652',
    });
    expect(
      normalizeEvent(loadFixture('sam-cli', 'http-redirect')).Records[0].cf.request.querystring,
    ).toBe('');
    const noClientIp = normalizeEvent(loadFixture('sam-cli', 'redirect-unauthenticated-users'));
    expect(noClientIp.Records[0].cf.request.clientIp).toBe('203.0.113.178');
    const cookies = normalizeEvent(loadFixture('sam-cli', 'ab-test')).Records[0].cf.request.headers;
    expect(getCookie(cookies, 'X-Experiment-Name')).toBe('B');
  });

  it('takes a response event without a request and fills the request', () => {
    const event = normalizeEvent(loadFixture('sam-cli', 'modify-response-header'), {
      eventType: 'origin-response',
    });
    const { request, response } = event.Records[0].cf;
    expect(response.headers.vary).toEqual([{ key: 'Vary', value: '*' }]);
    expect(request.uri).toBe('/');
    expect(request.origin?.custom?.domainName).toBe('example.org');
    expect(getHeader(request.headers, 'host')).toBe('example.org');
  });

  it('infers the event type from what the event carries', () => {
    expect(
      normalizeEvent(loadFixture('sam-cli', 'access-request-in-response')).Records[0].cf.config
        .eventType,
    ).toBe('viewer-response');
    expect(
      normalizeEvent(loadFixture('sam-cli', 'simple-remote-call')).Records[0].cf.config.eventType,
    ).toBe('viewer-request');
  });

  it('gives an origin-request event an origin from its host header', () => {
    const event = normalizeEvent(loadFixture('sam-cli', 'redirect-on-viewer-country'), {
      eventType: 'origin-request',
    });
    expect(event.Records[0].cf.request.origin.custom).toMatchObject({
      domainName: 'd123.cf.net',
      port: 443,
    });
    expect(getHeader(event.Records[0].cf.request.headers, 'cloudfront-viewer-country')).toBe('TW');
  });
});

describe('normalizeEvent on hand-written events', () => {
  it('fixes header maps: lower-case names, bare values, missing keys', () => {
    const event = normalizeEvent({
      Records: [{ cf: { request: { headers: { 'X-Token': 'a', accept: [{ value: '*/*' }] } } } }],
    });
    expect(event.Records[0].cf.request.headers).toEqual({
      'x-token': [{ key: 'X-Token', value: 'a' }],
      accept: [{ key: 'Accept', value: '*/*' }],
      host: [{ key: 'Host', value: 'd111111abcdef8.cloudfront.net' }],
    });
  });

  it('keeps a __proto__ header from JSON as a header', () => {
    const raw = JSON.parse(
      '{"Records":[{"cf":{"request":{"headers":{"__proto__":[{"value":"x"}]}}}}]}',
    );
    const headers = normalizeEvent(raw).Records[0].cf.request.headers;
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(getHeader(headers, '__proto__')).toBe('x');
  });

  it('turns a numeric status into CloudFront string and adds its reason phrase', () => {
    const raw = { Records: [{ cf: { response: { status: 403 } } }] };
    const event = normalizeEvent(raw, { eventType: 'viewer-response' });
    expect(event.Records[0].cf.response).toEqual({
      status: '403',
      statusDescription: 'Forbidden',
      headers: {},
    });
    expect(raw.Records[0]!.cf.response.status).toBe(403);
  });

  it('fills an S3 origin without a Region as a public bucket', () => {
    const raw = {
      Records: [{ cf: { request: { origin: { s3: { domainName: 'b.s3.amazonaws.com' } } } } }],
    };
    const event = normalizeEvent(raw, { eventType: 'origin-request' });
    expect(event.Records[0].cf.request.origin.s3).toEqual({
      authMethod: 'none',
      customHeaders: {},
      domainName: 'b.s3.amazonaws.com',
      path: '',
    });
  });

  it('drops nothing from an event the builders made', () => {
    for (const event of [
      viewerRequest({ body: 'x', headers: { a: ['1', '2'] } }),
      originRequest({ origin: { s3: { authMethod: 'none' } } }),
      originResponse({ status: 500 }),
      viewerResponse(),
    ]) {
      expect(normalizeEvent(event)).toEqual(event);
      expect(isEvent(event, event.Records[0].cf.config.eventType)).toBe(true);
    }
  });
});

describe('malformed events are named by path with a fix', () => {
  it.each([
    ['not an object', 'x', 'event', /must be an object/],
    ['two records', { Records: [{ cf: {} }, { cf: {} }] }, 'event.Records', /exactly one record/],
    [
      'a uri without a slash',
      { Records: [{ cf: { request: { uri: 'a' } } }] },
      'Records[0].cf.request.uri',
      /start with "\/"/,
    ],
    [
      'a header line without value',
      { Records: [{ cf: { request: { headers: { a: [{ key: 'A' }] } } } }] },
      'Records[0].cf.request.headers["a"][0].value',
      /is missing/,
    ],
    [
      'both origin kinds',
      { Records: [{ cf: { request: { origin: { s3: {}, custom: {} } } } }] },
      'Records[0].cf.request.origin',
      /exactly one of "custom" or "s3"/,
    ],
    [
      'an unknown event type',
      { Records: [{ cf: { config: { eventType: 'edge-request' } } }] },
      'Records[0].cf.config.eventType',
      /one of "viewer-request"/,
    ],
    [
      'a status that is not a code',
      { Records: [{ cf: { response: { status: 'OK' } } }] },
      'Records[0].cf.response.status',
      /"100" to "599"/,
    ],
  ])('%s', (_, raw, path, problem) => {
    const error = errorOf(() => normalizeEvent(raw));
    expect(error.path).toBe(path);
    expect(error.message).toMatch(problem);
    expect(error.fix.length).toBeGreaterThan(0);
  });

  it('refuses an event type that contradicts the event', () => {
    const error = errorOf(() =>
      normalizeEvent(loadFixture('devguide', 'viewer-request'), { eventType: 'origin-request' }),
    );
    expect(error.message).toMatch(/is "viewer-request", not "origin-request"/);
    expect(() => normalizeEvent(viewerResponse(), { eventType: 'viewer-request' })).toThrow(
      InvalidEventError,
    );
    const origin = { Records: [{ cf: { request: { origin: { custom: {} } } } }] };
    expect(errorOf(() => normalizeEvent(origin, { eventType: 'viewer-request' })).path).toBe(
      'Records[0].cf.request.origin',
    );
  });

  it('a header line outside an array is wrapped when filling and refused when asserting', () => {
    const event = viewerRequest() as unknown as {
      Records: [{ cf: { request: { headers: object } } }];
    };
    event.Records[0].cf.request.headers = { host: { key: 'Host', value: 'h' } };
    expect(normalizeEvent(event).Records[0].cf.request.headers.host).toEqual([
      { key: 'Host', value: 'h' },
    ]);
    expect(errorOf(() => assertEvent(event)).message).toMatch(
      /must be an array of \{ key, value \} lines/,
    );
  });

  it('assertEvent names the first field CloudFront would have sent', () => {
    const error = errorOf(() => assertEvent(loadFixture('sam-cli', 'http-redirect')));
    expect(error.path).toBe('Records[0].cf.config.eventType');
    expect(error.message).toMatch(/is missing/);
    const upper = viewerRequest() as unknown as {
      Records: [{ cf: { request: { headers: object } } }];
    };
    upper.Records[0].cf.request.headers = { Host: [{ key: 'Host', value: 'h' }] };
    expect(errorOf(() => assertEvent(upper)).fix).toMatch(/Use "host" as the map key/);
  });
});
