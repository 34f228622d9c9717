import { describe, expect, it } from 'vitest';
import { responseOf, rules, validate } from './helpers.ts';

describe('generated and origin-response status (status-range)', () => {
  it.each([200, 302, 599, '200', '404'])('accepts %j', (status) => {
    expect(validate('viewer-request', { status }).violations).toEqual([]);
  });

  it.each([199, 600, 0, 302.5, '30x', '3020', 'Found', null, true])('rejects %j', (status) => {
    const result = validate('origin-request', { status });
    expect(rules(result)).toEqual(['status-range']);
    expect(result.violations[0]!.message).toContain('200 to 599');
  });

  it('normalizes a numeric status to the documented string', () => {
    expect(validate('viewer-request', { status: 302 }).value).toMatchObject({ status: '302' });
    const response = responseOf('origin-response');
    response.status = 404;
    const result = validate('origin-response', response);
    expect(result.violations).toEqual([]);
    expect(result.value).toMatchObject({ status: '404' });
  });

  it('lets origin-response change the status within range only', () => {
    const response = responseOf('origin-response');
    response.status = '503';
    expect(validate('origin-response', response).violations).toEqual([]);
    response.status = '700';
    expect(rules(validate('origin-response', response))).toEqual(['status-range']);
  });
});

describe('viewer-response status (viewer-response-status)', () => {
  it('accepts the same status, as a string or a number', () => {
    const response = responseOf('viewer-response');
    expect(validate('viewer-response', response).violations).toEqual([]);
    response.status = 200;
    const result = validate('viewer-response', response);
    expect(result.violations).toEqual([]);
    expect(result.value).toMatchObject({ status: '200' });
  });

  it('rejects a changed status', () => {
    const response = responseOf('viewer-response');
    response.status = '404';
    const result = validate('viewer-response', response);
    expect(rules(result)).toEqual(['viewer-response-status']);
    expect(result.violations[0]!.message).toContain("from '200'");
  });
});

describe('statusDescription (status-description-type)', () => {
  it('accepts a string or nothing', () => {
    expect(
      validate('viewer-request', { status: '200', statusDescription: 'OK' }).violations,
    ).toEqual([]);
  });

  it('rejects anything else', () => {
    const result = validate('viewer-request', { status: '200', statusDescription: 200 });
    expect(rules(result)).toEqual(['status-description-type']);
  });
});
