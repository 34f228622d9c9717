import { describe, expect, it } from 'vitest';
import { header, responseOf, rules, validate } from './helpers.ts';

const KB = 1024;

describe('generated response size (response-size)', () => {
  it('accepts a viewer-request response of exactly 40 KB, headers included', () => {
    const headers = { 'content-type': header('Content-Type', 'text/plain') };
    // "Content-Type: text/plain\r\n" is 26 bytes.
    const body = 'a'.repeat(40 * KB - 26);
    expect(validate('viewer-request', { status: '200', headers, body }).violations).toEqual([]);
  });

  it('rejects one byte more, counting header bytes too', () => {
    const headers = { 'content-type': header('Content-Type', 'text/plain') };
    const body = 'a'.repeat(40 * KB - 25);
    const result = validate('viewer-request', { status: '200', headers, body });
    expect(rules(result)).toEqual(['response-size']);
    expect(result.violations[0]!.message).toContain(`at most ${40 * KB} bytes`);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const body = 'é'.repeat(20 * KB + 1);
    expect(rules(validate('viewer-request', { status: '200', body }))).toEqual(['response-size']);
  });

  it('allows 1 MB in origin-request, and follows the limits it is given', () => {
    const body = 'a'.repeat(100 * KB);
    expect(validate('origin-request', { status: '200', body }).violations).toEqual([]);
    const small = { limits: { generatedResponseBytes: 10 * KB } };
    expect(rules(validate('origin-request', { status: '200', body }, small))).toEqual([
      'response-size',
    ]);
  });

  it('applies to a body an origin-response function sets, not to one it leaves alone', () => {
    const response = responseOf('origin-response');
    response.headers['x-big'] = header('X-Big', 'a'.repeat(2 * 1024 * KB));
    expect(validate('origin-response', response).violations).toEqual([]);
    response.body = 'replaced';
    expect(rules(validate('origin-response', response))).toEqual(['response-size']);
  });
});

describe('204 with a body (status-204-body)', () => {
  it('accepts 204 without a body or with an empty one', () => {
    expect(validate('viewer-request', { status: '204' }).violations).toEqual([]);
    expect(validate('viewer-request', { status: 204, body: '' }).violations).toEqual([]);
  });

  it('rejects 204 with a body', () => {
    expect(rules(validate('viewer-request', { status: '204', body: 'x' }))).toEqual([
      'status-204-body',
    ]);
  });
});

describe('bodyEncoding (body-encoding) and body type (body-type)', () => {
  it("accepts 'text' and 'base64', and defaults to text when a body is present", () => {
    expect(validate('viewer-request', { status: '200', body: 'hi' }).value).toMatchObject({
      bodyEncoding: 'text',
    });
    const result = validate('viewer-request', {
      status: '200',
      body: 'aGk=',
      bodyEncoding: 'base64',
    });
    expect(result.violations).toEqual([]);
  });

  it('rejects another encoding', () => {
    const result = validate('viewer-request', { status: '200', body: 'hi', bodyEncoding: 'gzip' });
    expect(rules(result)).toEqual(['body-encoding']);
  });

  it('rejects a body that is not a string', () => {
    const result = validate('viewer-request', { status: '200', body: { ok: true } });
    expect(rules(result)).toEqual(['body-type']);
  });
});

describe('base64 bodies (body-base64)', () => {
  it.each(['', 'aGk=', 'aGVsbG8=', 'aGVsbG8h', '+/+/'])('accepts %j', (body) => {
    const result = validate('viewer-request', { status: '200', body, bodyEncoding: 'base64' });
    expect(result.violations).toEqual([]);
  });

  it.each(['aGk', 'aGk=x', 'a', 'aGVs bG8=', '-_-_', 'aGk=='])('rejects %j', (body) => {
    const result = validate('viewer-request', { status: '200', body, bodyEncoding: 'base64' });
    expect(rules(result)).toEqual(['body-base64']);
  });
});
