import type { AnyEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { fixture, header, type Loose, requestOf, rules, validate } from './helpers.ts';

function originRequest(): Loose {
  return requestOf('origin-request');
}

function s3Request(s3: Loose = {}): Loose {
  const request = originRequest();
  request.origin = {
    s3: {
      authMethod: 'none',
      customHeaders: {},
      domainName: 'my-bucket.s3.us-east-1.amazonaws.com',
      path: '',
      region: 'us-east-1',
      ...s3,
    },
  };
  return request;
}

describe('origin shape (origin-shape, origin-in-viewer-request)', () => {
  it("accepts the Developer Guide's custom origin and a swap to S3", () => {
    expect(validate('origin-request', originRequest()).violations).toEqual([]);
    expect(validate('origin-request', s3Request()).violations).toEqual([]);
  });

  it.each([
    ['missing', undefined],
    ['empty', {}],
    ['both', { custom: {}, s3: {} }],
    ['custom not an object', { custom: 'example.org' }],
  ])('rejects an origin that is %s', (_name, origin) => {
    const request = originRequest();
    request.origin = origin;
    expect(rules(validate('origin-request', request))).toEqual(['origin-shape']);
  });

  it('rejects an origin set in viewer-request and drops it from the value', () => {
    const request = requestOf('viewer-request');
    request.origin = originRequest().origin;
    const result = validate('viewer-request', request);
    expect(rules(result)).toEqual(['origin-in-viewer-request']);
    expect(result.value).not.toHaveProperty('origin');
  });
});

describe('fields the function did not write', () => {
  it('accepts the event origin as given, e.g. a local development origin on an IP', () => {
    const event = fixture('origin-request');
    Object.assign(event.Records[0].cf.request.origin.custom!, {
      domainName: '127.0.0.1',
      port: 3000,
      readTimeout: 120,
    });
    const request: Loose = structuredClone(event.Records[0].cf.request);
    expect(validate('origin-request', request, { event }).violations).toEqual([]);
    request.origin.custom.path = '/v2';
    expect(validate('origin-request', request, { event }).violations).toEqual([]);
  });

  it('checks every field again once the function swaps the origin kind', () => {
    const request = s3Request({ domainName: 'Upper.s3.amazonaws.com', path: 7 });
    expect(rules(validate('origin-request', request))).toEqual([
      'origin-domain-name',
      'origin-path',
    ]);
  });
});

describe('custom origin fields', () => {
  function withCustom(fields: Loose): string[] {
    const request = originRequest();
    Object.assign(request.origin.custom, fields);
    return rules(validate('origin-request', request));
  }

  it('accepts values at the edges of each range', () => {
    expect(
      withCustom({
        domainName: `${'a'.repeat(249)}.com`,
        port: 1024,
        protocol: 'http',
        readTimeout: 4,
        keepaliveTimeout: 60,
        path: `/${'p'.repeat(254)}`,
        sslProtocols: ['TLSv1.2'],
      }),
    ).toEqual([]);
    expect(withCustom({ port: 65535, readTimeout: 60, keepaliveTimeout: 1 })).toEqual([]);
  });

  it.each([
    [{ domainName: `${'a'.repeat(250)}.com` }, 'origin-domain-name'],
    [{ domainName: 'example.org:8080' }, 'origin-domain-name'],
    [{ domainName: '203.0.113.10' }, 'origin-domain-name'],
    [{ domainName: '' }, 'origin-domain-name'],
    [{ port: 8080.5 }, 'origin-port'],
    [{ port: 1023 }, 'origin-port'],
    [{ port: 65536 }, 'origin-port'],
    [{ port: '443' }, 'origin-port'],
    [{ protocol: 'HTTPS' }, 'origin-protocol'],
    [{ readTimeout: 3 }, 'origin-read-timeout'],
    [{ readTimeout: 61 }, 'origin-read-timeout'],
    [{ keepaliveTimeout: 0 }, 'origin-keepalive-timeout'],
    [{ keepaliveTimeout: 61 }, 'origin-keepalive-timeout'],
    [{ path: `/${'p'.repeat(255)}` }, 'origin-path'],
    [{ path: '/my path' }, 'origin-path'],
    [{ sslProtocols: ['TLSv1.3'] }, 'origin-ssl-protocols'],
    [{ sslProtocols: [] }, 'origin-ssl-protocols'],
    [{ sslProtocols: 'TLSv1.2' }, 'origin-ssl-protocols'],
  ])('rejects %j', (fields, rule) => {
    expect(withCustom(fields)).toEqual([rule]);
  });
});

describe('S3 origin fields', () => {
  it('accepts an origin access identity with a region', () => {
    const request = s3Request({ authMethod: 'origin-access-identity' });
    expect(validate('origin-request', request, { event: s3Event() }).violations).toEqual([]);
  });

  it.each([
    [{ domainName: 'My-Bucket.s3.amazonaws.com' }, 'origin-domain-name'],
    [{ domainName: `${'b'.repeat(120)}.s3.amazonaws.com` }, 'origin-domain-name'],
    [{ authMethod: 'origin-access-control' }, 'origin-auth-method'],
    [{ path: 42 }, 'origin-path'],
  ])('rejects %j', (fields, rule) => {
    expect(rules(validate('origin-request', s3Request(fields)))).toEqual([rule]);
  });

  it('requires a region with an origin access identity', () => {
    const result = validate(
      'origin-request',
      s3Request({ authMethod: 'origin-access-identity', region: '' }),
      {
        event: s3Event(),
      },
    );
    expect(rules(result)).toEqual(['origin-region']);
  });

  it('rejects an origin access identity when switching from a custom origin', () => {
    const result = validate('origin-request', s3Request({ authMethod: 'origin-access-identity' }));
    expect(rules(result)).toEqual(['origin-auth-method']);
    expect(result.violations[0]!.message).toContain('switching from a custom origin');
  });
});

describe('origin custom headers (origin-custom-header-disallowed, origin-custom-header-duplicate)', () => {
  it('accepts new names and fills their keys', () => {
    const request = originRequest();
    request.origin.custom.customHeaders = { 'x-origin-secret': [{ value: 's3cr3t' }] };
    const result = validate('origin-request', request);
    expect(result.violations).toEqual([]);
    expect(result.value).toMatchObject({
      origin: { custom: { customHeaders: { 'x-origin-secret': [{ key: 'X-Origin-Secret' }] } } },
    });
  });

  it('rejects a disallowed name', () => {
    const request = s3Request({ customHeaders: { 'x-real-ip': header('X-Real-IP', '1.2.3.4') } });
    expect(rules(validate('origin-request', request))).toEqual(['origin-custom-header-disallowed']);
  });

  it('rejects a name the request already has', () => {
    const request = originRequest();
    request.origin.custom.customHeaders = { 'user-agent': header('User-Agent', 'edge') };
    const result = validate('origin-request', request);
    expect(rules(result)).toEqual(['origin-custom-header-duplicate']);
  });

  it('checks their shape like any header map', () => {
    const request = originRequest();
    request.origin.custom.customHeaders = { 'x-origin-secret': [{ key: 'X-Other', value: 1 }] };
    expect(rules(validate('origin-request', request))).toEqual([
      'header-key-mismatch',
      'header-value-type',
    ]);
  });
});

/** An origin-request event whose behavior already points at an S3 origin. */
function s3Event(): AnyEvent {
  const event = fixture('origin-request');
  event.Records[0].cf.request.origin = s3Request().origin;
  return event;
}
