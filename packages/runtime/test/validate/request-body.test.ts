import type { ViewerRequestEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { fixture, type Loose, requestOf, rules, validate } from './helpers.ts';

const KB = 1024;
const FORM = Buffer.from('name=edge').toString('base64');

/** A viewer-request event as CloudFront sends it with IncludeBody on. */
function eventWithBody(): ViewerRequestEvent {
  const event = fixture('viewer-request');
  event.Records[0].cf.request.body = {
    inputTruncated: false,
    action: 'read-only',
    encoding: 'base64',
    data: FORM,
  };
  return event;
}

function requestWithBody(body: Record<string, unknown>) {
  const event = eventWithBody();
  const request: Loose = structuredClone(event.Records[0].cf.request);
  request.body = { ...(request.body as object), ...body };
  return { event, request };
}

describe('read-only bodies are forwarded unchanged (normalization)', () => {
  it('ignores changes to data and encoding while the action is read-only', () => {
    const { event, request } = requestWithBody({ data: 'changed', encoding: 'text' });
    const result = validate('viewer-request', request, { event });
    expect(result.violations).toEqual([]);
    expect(result.value).toMatchObject({
      body: { action: 'read-only', encoding: 'base64', data: FORM },
    });
  });

  it('forwards the original body when the function drops the field', () => {
    const { event, request } = requestWithBody({});
    delete request.body;
    expect(validate('viewer-request', request, { event }).value).toMatchObject({
      body: { data: FORM },
    });
  });
});

describe('replaced bodies (body-size)', () => {
  it('accepts a replaced text body up to 40 KB in viewer-request', () => {
    const data = 'a'.repeat(40 * KB);
    const { event, request } = requestWithBody({ action: 'replace', encoding: 'text', data });
    const result = validate('viewer-request', request, { event });
    expect(result.violations).toEqual([]);
    expect(result.value).toMatchObject({ body: { action: 'replace', encoding: 'text', data } });
  });

  it('rejects a text body over 40 KB', () => {
    const data = 'a'.repeat(40 * KB + 1);
    const { event, request } = requestWithBody({ action: 'replace', encoding: 'text', data });
    expect(rules(validate('viewer-request', request, { event }))).toEqual(['body-size']);
  });

  it('measures base64 bodies against the base64 limit (53.2 KB), encoding defaulting to base64', () => {
    const fits = Buffer.alloc(39 * KB).toString('base64');
    const tooBig = Buffer.alloc(41 * KB).toString('base64');
    const accepted = requestWithBody({ action: 'replace', data: fits });
    expect(
      validate('viewer-request', accepted.request, { event: accepted.event }).violations,
    ).toEqual([]);
    const rejected = requestWithBody({ action: 'replace', data: tooBig });
    expect(rules(validate('viewer-request', rejected.request, { event: rejected.event }))).toEqual([
      'body-size',
    ]);
  });
});

describe('replaced base64 bodies (body-base64)', () => {
  it('rejects invalid base64', () => {
    const { event, request } = requestWithBody({ action: 'replace', data: 'name=edge' });
    expect(rules(validate('viewer-request', request, { event }))).toEqual(['body-base64']);
  });

  it('accepts the same text when declared as text', () => {
    const { event, request } = requestWithBody({
      action: 'replace',
      encoding: 'text',
      data: 'name=edge',
    });
    expect(validate('viewer-request', request, { event }).violations).toEqual([]);
  });
});

describe('body fields (body-action, body-encoding, body-type, read-only-field)', () => {
  it('rejects an unknown action', () => {
    const { event, request } = requestWithBody({ action: 'overwrite' });
    expect(rules(validate('viewer-request', request, { event }))).toEqual(['body-action']);
  });

  it('rejects an unknown encoding and non-string data on replace', () => {
    const bad = requestWithBody({ action: 'replace', encoding: 'utf8', data: 'x' });
    expect(rules(validate('viewer-request', bad.request, { event: bad.event }))).toEqual([
      'body-encoding',
    ]);
    const notText = requestWithBody({ action: 'replace', encoding: 'text', data: 42 });
    expect(rules(validate('viewer-request', notText.request, { event: notText.event }))).toEqual([
      'body-type',
    ]);
  });

  it('rejects a body that is not an object', () => {
    const { event, request } = requestWithBody({});
    request.body = 'name=edge';
    expect(rules(validate('viewer-request', request, { event }))).toEqual(['body-type']);
  });

  it('rejects changing inputTruncated, which is read-only', () => {
    const { event, request } = requestWithBody({ inputTruncated: true });
    const result = validate('viewer-request', request, { event });
    expect(rules(result)).toEqual(['read-only-field']);
    expect(result.violations[0]!.message).toContain('inputTruncated');
  });
});

describe('a body without IncludeBody (body-not-included)', () => {
  it('accepts a request without a body when the event had none', () => {
    expect(validate('viewer-request', requestOf('viewer-request')).violations).toEqual([]);
  });

  it('rejects setting one', () => {
    const request = requestOf('viewer-request');
    request.body = { action: 'replace', encoding: 'text', data: 'x', inputTruncated: false };
    const result = validate('viewer-request', request);
    expect(rules(result)).toEqual(['body-not-included']);
    expect(result.violations[0]!.fix).toContain('includeBody');
  });
});
