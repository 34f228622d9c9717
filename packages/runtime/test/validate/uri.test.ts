import { describe, expect, it } from 'vitest';
import { fixture, requestOf, responseOf, rules, validate } from './helpers.ts';

describe('uri (uri)', () => {
  it('accepts a rewritten path', () => {
    const request = requestOf('viewer-request');
    request.uri = '/experiment-group/control-pixel.jpg';
    expect(validate('viewer-request', request).value).toMatchObject({
      uri: '/experiment-group/control-pixel.jpg',
    });
  });

  it.each([['index.html'], ['https://example.com/'], [''], [undefined], [42]])(
    'rejects %j',
    (uri) => {
      const request = requestOf('origin-request');
      request.uri = uri;
      expect(rules(validate('origin-request', request))).toEqual(['uri']);
    },
  );
});

describe('URI plus query string length (url-length)', () => {
  it('accepts 8,191 characters', () => {
    const request = requestOf('viewer-request');
    request.uri = `/${'a'.repeat(4000)}`;
    request.querystring = `q=${'b'.repeat(8191 - 4001 - 2)}`;
    expect(validate('viewer-request', request).violations).toEqual([]);
  });

  it('rejects 8,192 characters', () => {
    const request = requestOf('viewer-request');
    request.uri = `/${'a'.repeat(8191)}`;
    const result = validate('viewer-request', request);
    expect(rules(result)).toEqual(['url-length']);
    expect(result.violations[0]!.message).toContain('less than 8192');
  });
});

describe('query string (querystring-characters, querystring-type)', () => {
  it('accepts a percent-encoded query string and normalizes a missing one to ""', () => {
    const request = requestOf('viewer-request');
    request.querystring = 'q=a%20b&tag=%23x';
    expect(validate('viewer-request', request).violations).toEqual([]);
    delete request.querystring;
    expect(validate('viewer-request', request).value).toMatchObject({ querystring: '' });
  });

  it.each(['q=a b', 'q=a#frag', 'q=a\nb', 'q=\u0000'])('rejects %j', (querystring) => {
    const request = requestOf('viewer-request');
    request.querystring = querystring;
    expect(rules(validate('viewer-request', request))).toEqual(['querystring-characters']);
  });

  it('leaves a query string the function did not change alone', () => {
    const event = fixture('viewer-request');
    event.Records[0].cf.request.querystring = 'q=a b';
    const request = structuredClone(event.Records[0].cf.request);
    expect(validate('viewer-request', request, { event }).violations).toEqual([]);
  });

  it('rejects a query string that is not a string', () => {
    const request = requestOf('viewer-request');
    request.querystring = { q: 'a' };
    expect(rules(validate('viewer-request', request))).toEqual(['querystring-type']);
  });
});

describe('read-only request fields (read-only-field)', () => {
  it('accepts clientIp and method unchanged, and fills them when left out', () => {
    const request = requestOf('viewer-request');
    delete request.method;
    expect(validate('viewer-request', request).value).toMatchObject({ method: 'GET' });
  });

  it('rejects changing method or clientIp', () => {
    const request = requestOf('viewer-request');
    request.method = 'POST';
    request.clientIp = '198.51.100.1';
    expect(rules(validate('viewer-request', request))).toEqual([
      'read-only-field',
      'read-only-field',
    ]);
  });
});

describe('the request in response events (request-read-only)', () => {
  it('accepts a response event that leaves the request alone', () => {
    const eventAfter = fixture('origin-response');
    const result = validate('origin-response', responseOf('origin-response'), { eventAfter });
    expect(result.violations).toEqual([]);
  });

  it('rejects changes to the request made by a response function', () => {
    const eventAfter = fixture('viewer-response');
    const request = eventAfter.Records[0].cf.request as { uri: string; querystring: string };
    request.uri = '/other';
    request.querystring = 'a=1';
    const result = validate('viewer-response', responseOf('viewer-response'), { eventAfter });
    expect(rules(result)).toEqual(['request-read-only']);
    expect(result.violations[0]!.message).toContain('request.uri, request.querystring');
  });

  it('rejects changed request headers too', () => {
    const eventAfter = fixture('origin-response');
    eventAfter.Records[0].cf.request.headers['x-added'] = [{ key: 'X-Added', value: '1' }];
    const result = validate('origin-response', responseOf('origin-response'), { eventAfter });
    expect(rules(result)).toEqual(['request-read-only']);
  });
});
