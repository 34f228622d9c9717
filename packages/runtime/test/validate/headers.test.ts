import { describe, expect, it } from 'vitest';
import { fixture, header, requestOf, responseOf, rules, validate } from './helpers.ts';

describe('header map shape (header-shape)', () => {
  it('accepts a map of arrays of { key, value }', () => {
    const request = requestOf('viewer-request');
    request.headers['x-trace'] = [
      { key: 'X-Trace', value: 'a' },
      { key: 'x-trace', value: 'b' },
    ];
    expect(validate('viewer-request', request).violations).toEqual([]);
  });

  it('rejects a header given as a bare object or a string', () => {
    const request = requestOf('viewer-request');
    request.headers['x-one'] = { key: 'X-One', value: '1' };
    request.headers['x-two'] = [{ key: 'X-Two', value: '2' }, 'three'];
    expect(rules(validate('viewer-request', request))).toEqual(['header-shape', 'header-shape']);
  });

  it('rejects headers that are not a map, without repeating it as deleted headers', () => {
    const request = requestOf('viewer-request');
    request.headers = [['host', 'example.com']];
    expect(rules(validate('viewer-request', request))).toEqual(['header-shape']);
  });
});

describe('header names (header-key-mismatch, header-name-characters)', () => {
  it('accepts a key of any case that lower-cases to the map key', () => {
    const response = responseOf('origin-response');
    response.headers['x-powered-by'] = header('X-POWERED-BY', 'edge');
    expect(validate('origin-response', response).violations).toEqual([]);
  });

  it('rejects a key that names another header', () => {
    const response = responseOf('origin-response');
    response.headers['x-powered-by'] = header('X-Served-By', 'edge');
    const result = validate('origin-response', response);
    expect(rules(result)).toEqual(['header-key-mismatch']);
    expect(result.violations[0]!.message).toContain("response.headers['x-powered-by'][0].key");
  });

  it('rejects a map key that is not lower case', () => {
    const response = responseOf('origin-response');
    response.headers['X-Powered-By'] = header('X-Powered-By', 'edge');
    expect(rules(validate('origin-response', response))).toEqual(['header-key-mismatch']);
  });

  it('rejects a name with characters HTTP does not allow', () => {
    const response = responseOf('origin-response');
    response.headers['x powered'] = header('X Powered', 'edge');
    expect(rules(validate('origin-response', response))).toEqual(['header-name-characters']);
  });
});

describe('header values (header-value-type, header-value-characters)', () => {
  it('accepts string values, tabs included', () => {
    const response = responseOf('origin-response');
    response.headers['x-list'] = header('X-List', 'a,\tb');
    expect(validate('origin-response', response).violations).toEqual([]);
  });

  it('rejects a number', () => {
    const response = responseOf('origin-response');
    response.headers['x-count'] = [{ key: 'X-Count', value: 3 }];
    const result = validate('origin-response', response);
    expect(rules(result)).toEqual(['header-value-type']);
    expect(result.violations[0]!.message).toContain('the number 3');
  });

  it('rejects a line break that would split the header', () => {
    const response = responseOf('origin-response');
    response.headers['x-note'] = header('X-Note', 'a\r\nSet-Cookie: x=1');
    expect(rules(validate('origin-response', response))).toEqual(['header-value-characters']);
  });
});

describe('missing keys are filled in title case (normalization)', () => {
  it('fills each missing key and leaves given ones and the input alone', () => {
    const response = responseOf('origin-response');
    response.headers['x-xss-protection'] = [{ value: '0' }];
    response.headers['strict-transport-security'] = [{ value: 'max-age=63072000' }];
    const result = validate('origin-response', response);
    expect(result.violations).toEqual([]);
    const headers = (result.value as { headers: Record<string, unknown> }).headers;
    expect(headers['x-xss-protection']).toEqual([{ key: 'X-Xss-Protection', value: '0' }]);
    expect(headers['strict-transport-security']).toEqual([
      { key: 'Strict-Transport-Security', value: 'max-age=63072000' },
    ]);
    expect(headers.server).toEqual(response.headers.server);
    expect(response.headers['x-xss-protection']).toEqual([{ value: '0' }]);
  });

  it('fills keys in generated responses too', () => {
    const result = validate('viewer-request', {
      status: '302',
      headers: { location: [{ value: 'https://example.com/' }] },
    });
    expect(result.value).toMatchObject({
      headers: { location: [{ key: 'Location', value: 'https://example.com/' }] },
    });
  });
});

describe('disallowed headers (disallowed-header)', () => {
  it.each([
    'connection',
    'keep-alive',
    'x-accel-redirect',
    'x-amzn-requestid',
    'x-cache',
    'x-forwarded-proto',
    'x-real-ip',
    'x-amz-cf-pop',
    'x-edge-location',
  ])('rejects adding %s', (name) => {
    const request = requestOf('viewer-request');
    request.headers[name] = [{ value: 'x' }];
    const result = validate('viewer-request', request);
    expect(rules(result)).toEqual(['disallowed-header']);
  });

  it('accepts headers that only resemble disallowed ones', () => {
    const request = requestOf('viewer-request');
    request.headers['x-amz-meta-owner'] = [{ value: 'x' }];
    request.headers['x-edgeless'] = [{ value: 'x' }];
    request.headers['x-cache-status'] = [{ value: 'x' }];
    expect(validate('viewer-request', request).violations).toEqual([]);
  });

  it('accepts passing through one the event already carried', () => {
    const event = responseEventWith('x-cache', 'Hit from cloudfront');
    const response = structuredClone(event.Records[0].cf.response);
    expect(validate('origin-response', response, { event }).violations).toEqual([]);
    response.headers['x-cache'] = header('X-Cache', 'Miss');
    const changed = validate('origin-response', response, { event });
    expect(rules(changed)).toEqual(['disallowed-header']);
    expect(changed.violations[0]!.message).toContain("changed the disallowed header 'X-Cache'");
  });

  it('rejects one in a generated response', () => {
    const result = validate('origin-request', {
      status: '200',
      headers: { 'x-forwarded-proto': header('X-Forwarded-Proto', 'https') },
    });
    expect(rules(result)).toEqual(['disallowed-header']);
  });
});

/** An origin-response event whose origin response already carries `name`. */
function responseEventWith(name: string, value: string) {
  const event = fixture('origin-response');
  event.Records[0].cf.response.headers[name] = header(name.toUpperCase(), value);
  return event;
}

describe('read-only headers (read-only-header)', () => {
  it.each([
    ['viewer-request', 'host', 'changed'],
    ['viewer-request', 'via', 'added'],
    ['viewer-request', 'cdn-loop', 'added'],
    ['origin-request', 'via', 'deleted'],
    ['origin-request', 'accept-encoding', 'added'],
    ['origin-request', 'if-none-match', 'added'],
    ['origin-response', 'transfer-encoding', 'added'],
    ['viewer-response', 'content-length', 'changed'],
    ['viewer-response', 'content-encoding', 'added'],
    ['viewer-response', 'warning', 'added'],
  ] as const)('rejects %s changes to %s (%s)', (eventType, name, change) => {
    const target = eventType.endsWith('request')
      ? requestOf(eventType)
      : responseOf(eventType as 'origin-response' | 'viewer-response');
    if (change === 'deleted') delete target.headers[name];
    else target.headers[name] = [{ value: 'other' }];
    const result = validate(eventType, target);
    expect(rules(result)).toEqual(['read-only-header']);
    expect(result.violations[0]!.message).toContain(
      'The function tried to add, delete, or change a read-only header.',
    );
    expect(result.violations[0]!.message).toContain(change);
  });

  it('accepts read-only headers kept as they were, even with a refilled key', () => {
    const request = requestOf('origin-request');
    request.headers.host = [{ value: 'example.org' }];
    expect(validate('origin-request', request).violations).toEqual([]);
  });

  it('accepts changing the same header where it is not read-only', () => {
    const request = requestOf('origin-request');
    request.headers.host = header('Host', 'other.example.org');
    expect(validate('origin-request', request).violations).toEqual([]);
    const response = responseOf('origin-response');
    response.headers['content-length'] = header('Content-Length', '1');
    expect(validate('origin-response', response).violations).toEqual([]);
  });

  it('does not apply the request table to a generated response', () => {
    const result = validate('viewer-request', {
      status: '200',
      headers: { 'content-length': header('Content-Length', '2') },
      body: 'ok',
    });
    expect(result.violations).toEqual([]);
  });
});

describe('CloudFront-* headers in viewer-request (cloudfront-header)', () => {
  it('rejects adding CloudFront-Viewer-Country in viewer-request', () => {
    const request = requestOf('viewer-request');
    request.headers['cloudfront-viewer-country'] = header('CloudFront-Viewer-Country', 'DE');
    const result = validate('viewer-request', request);
    expect(rules(result)).toEqual(['cloudfront-header']);
    expect(result.violations[0]!.message).toContain("added 'CloudFront-Viewer-Country'");
  });

  it('accepts it in origin-request, and a viewer-sent one passed through', () => {
    const request = requestOf('origin-request');
    request.headers['cloudfront-viewer-country'] = header('CloudFront-Viewer-Country', 'DE');
    expect(validate('origin-request', request).violations).toEqual([]);

    const event = fixture('viewer-request');
    event.Records[0].cf.request.headers['cloudfront-is-mobile-viewer'] = header(
      'CloudFront-Is-Mobile-Viewer',
      'true',
    );
    const passed = structuredClone(event.Records[0].cf.request);
    expect(validate('viewer-request', passed, { event }).violations).toEqual([]);
  });
});
