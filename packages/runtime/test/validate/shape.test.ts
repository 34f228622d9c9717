import { describe, expect, it } from 'vitest';
import { describeViolation, VALIDATION_PREFIX } from '../../src/validate/index.ts';
import { fixture, requestOf, responseOf, rules, validate } from './helpers.ts';

describe('result shape (invalid-result)', () => {
  it('accepts every Developer Guide event returned unchanged', () => {
    for (const eventType of ['viewer-request', 'origin-request'] as const) {
      const result = validate(eventType, requestOf(eventType));
      expect(result).toMatchObject({ kind: 'request', generated: false, violations: [] });
    }
    for (const eventType of ['origin-response', 'viewer-response'] as const) {
      const result = validate(eventType, responseOf(eventType));
      expect(result).toMatchObject({ kind: 'response', generated: false, violations: [] });
    }
  });

  it('treats an object with status from a request event as a generated response', () => {
    const result = validate('viewer-request', { status: '200', body: 'hi' });
    expect(result).toMatchObject({ kind: 'response', generated: true, violations: [] });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'ok'],
    ['an array', [requestOf('viewer-request')]],
  ])('rejects %s', (_name, value) => {
    const result = validate('viewer-request', value);
    expect(result.kind).toBe('invalid');
    expect(result.value).toBeUndefined();
    expect(rules(result)).toEqual(['invalid-result']);
    expect(result.violations[0]!.fix).toContain('event.Records[0].cf.request');
  });

  it('rejects the whole event instead of the request', () => {
    const result = validate('origin-request', fixture('origin-request'));
    expect(rules(result)).toEqual(['invalid-result']);
    expect(result.violations[0]!.message).toContain('whole event');
  });

  it("rejects API Gateway's statusCode with a hint to use status", () => {
    const result = validate('viewer-request', { statusCode: 301, headers: {} });
    expect(rules(result)).toEqual(['invalid-result']);
    expect(result.violations[0]!.fix).toContain('status');
  });

  it('rejects the request returned from a response event', () => {
    const result = validate('origin-response', requestOf('origin-response'));
    expect(rules(result)).toEqual(['invalid-result']);
    expect(result.violations[0]!.message).toContain('returned the request');
    expect(result.violations[0]!.fix).toContain('event.Records[0].cf.response');
  });

  it('rejects an object without status from a response event', () => {
    expect(rules(validate('viewer-response', { headers: {} }))).toEqual(['invalid-result']);
  });
});

describe('violations', () => {
  it("word every message as CloudFront's 502 page does and report all problems", () => {
    const result = validate('viewer-request', {
      status: 700,
      headers: { connection: [{ key: 'Connection', value: 'close' }] },
      bodyEncoding: 'gzip',
    });
    expect(rules(result)).toEqual(['status-range', 'disallowed-header', 'body-encoding']);
    for (const violation of result.violations) {
      expect(violation.message.startsWith(VALIDATION_PREFIX)).toBe(true);
      expect(violation.fix.length).toBeGreaterThan(0);
    }
  });

  it('describes a violation on one line with its rule and fix', () => {
    const [violation] = validate('viewer-request', null).violations;
    const line = describeViolation(violation!);
    expect(line).toMatch(/^\[invalid-result\] The Lambda function result failed validation: /);
    expect(line).toContain(`Fix: ${violation!.fix}`);
    expect(line).not.toContain('\n');
  });
});
