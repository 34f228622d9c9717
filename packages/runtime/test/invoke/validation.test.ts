import { describe, expect, it } from 'vitest';
import { createFunction, invoke } from '../../src/invoke/index.ts';
import { expectError, expectForwarded, expectHeader } from '../../src/testing/index.ts';
import { handlerPath, loadEvent, originResponseWithQuery, viewerRequestFor } from './support.ts';

describe('results go through CloudFront validation', () => {
  it('turns a changed read-only header into a 502 LambdaValidationError', async () => {
    const outcome = await invoke(handlerPath('read-only-header.mjs'), viewerRequestFor('/'));
    const error = expectError(outcome, 'LambdaValidationError', 'read-only-header');
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/host/i);
    expect(error.fix.length).toBeGreaterThan(0);
  });

  it('passes the result through with warnings in warn mode', async () => {
    const outcome = await invoke(handlerPath('read-only-header.mjs'), viewerRequestFor('/'), {
      validation: 'warn',
    });
    expectHeader(expectForwarded(outcome), 'host', 'elsewhere.example.com');
    expect(outcome.warnings.map((w) => w.rule)).toContain('read-only-header');
  });

  it('lists every violation in the message, the first one leading', async () => {
    const outcome = await invoke(async (event: ReturnType<typeof viewerRequestFor>) => {
      const { request } = event.Records[0].cf;
      request.headers.host = [{ key: 'Host', value: 'other.example.com' }];
      request.headers.connection = [{ key: 'Connection', value: 'close' }];
      return request;
    }, viewerRequestFor('/'));
    const error = expectError(outcome, 'LambdaValidationError');
    const rules = ['read-only-header', 'disallowed-header'];
    expect(rules).toContain(error.rule);
    const other = rules.find((rule) => rule !== error.rule);
    expect(error.message).toContain(`[${other}]`);
  });

  it('returns the normalized value: missing header keys are title-cased', async () => {
    const outcome = await invoke(async (event: ReturnType<typeof viewerRequestFor>) => {
      const { request } = event.Records[0].cf;
      request.headers['x-custom-thing'] = [{ value: 'yes' }];
      return request;
    }, viewerRequestFor('/'));
    expect(expectForwarded(outcome).headers['x-custom-thing']).toEqual([
      { key: 'X-Custom-Thing', value: 'yes' },
    ]);
  });
});

describe('IncludeBody', () => {
  function withBody() {
    const event = loadEvent('viewer-request');
    event.Records[0].cf.request.body = {
      inputTruncated: false,
      action: 'read-only',
      encoding: 'base64',
      data: Buffer.from('a=1').toString('base64'),
    };
    return event;
  }

  it('hides the body from the function when the association has no IncludeBody', async () => {
    const outcome = await invoke(handlerPath('body-echo.mjs'), withBody(), { includeBody: false });
    expectHeader(expectForwarded(outcome), 'x-saw-body', 'false');
  });

  it('exposes the body with IncludeBody', async () => {
    const outcome = await invoke(handlerPath('body-echo.mjs'), withBody(), { includeBody: true });
    expectHeader(expectForwarded(outcome), 'x-saw-body', 'true');
  });
});

describe('event types', () => {
  it('tells the event type from the shape when cf.config.eventType is missing (SAM CLI events)', async () => {
    const event = loadEvent('origin-response');
    delete (event.Records[0].cf.config as { eventType?: string }).eventType;
    // Only response events may not change the status: an origin-response function may.
    const outcome = await invoke(async () => ({ status: '404', headers: {} }), event);
    expect(outcome.kind).toBe('response');
  });

  it('refuses an event of another type than the function is associated with', async () => {
    const attempt = invoke(handlerPath('pass-through.mjs'), loadEvent('origin-response'), {
      eventType: 'viewer-request',
    });
    await expect(attempt).rejects.toThrow(
      'The function is associated with viewer-request but received an origin-response event.',
    );
  });

  it('runs an event without a declared type as the associated type', async () => {
    const event = loadEvent('viewer-response');
    delete (event.Records[0].cf.config as { eventType?: string }).eventType;
    // As viewer-response, a changed status breaks the viewer-response-status rule.
    const outcome = await invoke(async () => ({ status: '404', headers: {} }), event, {
      eventType: 'viewer-response',
    });
    expectError(outcome, 'LambdaValidationError', 'viewer-response-status');
  });

  it('rejects something that is not a Lambda@Edge event', async () => {
    await expect(
      invoke(handlerPath('pass-through.mjs'), {} as ReturnType<typeof loadEvent>),
    ).rejects.toThrow(/no Records\[0\]\.cf/);
  });

  it("reports a response event's request changed by the handler in its container", async () => {
    const fn = createFunction(handlerPath('response-changes-request.mjs'));
    try {
      const changed = await fn.invoke(originResponseWithQuery('change=1'));
      expect(expectError(changed, 'LambdaValidationError', 'request-read-only').message).toMatch(
        /request\.uri/,
      );
      const untouched = await fn.invoke(originResponseWithQuery(''));
      expect(untouched.kind).toBe('response');
    } finally {
      await fn.dispose();
    }
  });
});
