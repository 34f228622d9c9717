import type { OriginResponseEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../src/pipeline/index.ts';
import {
  configWith,
  failingFunction,
  inlineFunction,
  passThrough,
  recordingOrigin,
} from './helpers.ts';

describe('Lambda failures become CloudFront error responses (docs/cloudfront-rules.md#validation-errors)', () => {
  it('a validation failure is a 502 with the LambdaValidationError page and trace', async () => {
    const origin = recordingOrigin();
    const vres = passThrough('viewer-response');
    const pipeline = createPipeline({
      config: configWith(origin.config, { 'viewer-request': 'bad', 'viewer-response': 'vres' }),
      functions: {
        bad: failingFunction(
          'viewer-request',
          'LambdaValidationError',
          'read-only-header',
          'The function tried to add, delete, or change a read-only header.',
        ),
        vres,
      },
    });
    const response = await pipeline.request('/');
    expect(response.status).toBe(502);
    expect(response.header('x-cache')).toBe('LambdaValidationError from cloudfront');
    expect(response.header('content-type')).toBe('text/html');
    const html = response.text();
    expect(html).toContain('<TITLE>ERROR: The request could not be satisfied</TITLE>');
    expect(html).toContain('<H1>502 ERROR</H1>');
    expect(html).toContain('<H2>The request could not be satisfied.</H2>');
    expect(html).toContain(
      'The Lambda function result failed validation: The function tried to add, delete, or change a read-only header.',
    );
    expect(html).toContain(`Request ID: ${response.header('x-amz-cf-id')}`);
    expect(response.trace.error).toMatchObject({
      step: 'viewer-request',
      functionName: 'bad',
      errorType: 'LambdaValidationError',
      rule: 'read-only-header',
      fix: 'fix for read-only-header',
    });
    // No viewer-response after a Lambda error, and nothing reached the origin.
    expect(vres.calls).toHaveLength(0);
    expect(origin.calls).toHaveLength(0);
  });

  it('an execution error is a 503 LambdaExecutionError and is not cached', async () => {
    let fail = true;
    const origin = recordingOrigin();
    const ores = inlineFunction('origin-response', (event) => {
      if (fail) throw new Error('boom');
      return (event.Records[0].cf as { response: unknown }).response;
    });
    const pipeline = createPipeline({
      config: configWith(origin.config, { 'origin-response': 'ores' }),
      functions: { ores },
    });
    const failed = await pipeline.request('/');
    expect(failed.status).toBe(503);
    expect(failed.header('x-cache')).toBe('LambdaExecutionError from cloudfront');
    expect(failed.text()).toContain(
      "The Lambda function associated with the CloudFront distribution is invalid or doesn't have the required permissions.",
    );
    expect(failed.trace.error?.message).toBe('boom');
    fail = false;
    const recovered = await pipeline.request('/');
    expect([recovered.status, recovered.header('x-cache')]).toEqual([200, 'Miss from cloudfront']);
    expect(pipeline.stats.errors).toBe(1);
  });

  it('a limit failure is a 503 LambdaLimitExceeded', async () => {
    const pipeline = createPipeline({
      config: configWith(recordingOrigin().config, { 'origin-request': 'slow' }),
      functions: {
        slow: failingFunction(
          'origin-request',
          'LambdaLimitExceeded',
          'timeout',
          'Timed out after 30 s.',
        ),
      },
    });
    const response = await pipeline.request('/');
    expect(response.status).toBe(503);
    expect(response.header('x-cache')).toBe('LambdaLimitExceeded from cloudfront');
  });

  it('a function whose runner rejects is reported, not thrown', async () => {
    const broken = passThrough('viewer-request');
    broken.invoke = () => Promise.reject(new Error('worker died'));
    const pipeline = createPipeline({
      config: configWith(recordingOrigin().config, { 'viewer-request': 'broken' }),
      functions: { broken },
    });
    const response = await pipeline.request('/');
    expect(response.status).toBe(503);
    expect(response.trace.error?.message).toContain('worker died');
  });
});

describe('origin failures', () => {
  it('an origin handler that throws gives 502 "Error from cloudfront" and skips origin-response', async () => {
    const ores = passThrough('origin-response');
    let calls = 0;
    const pipeline = createPipeline({
      config: configWith(
        {
          handler: () => {
            calls++;
            throw new Error('db down');
          },
        },
        { 'origin-response': 'ores' },
      ),
      functions: { ores },
    });
    const response = await pipeline.request('/');
    expect(response.status).toBe(502);
    expect(response.header('x-cache')).toBe('Error from cloudfront');
    expect(response.text()).toContain('<H1>502 ERROR</H1>');
    expect(response.trace.error).toMatchObject({ step: 'origin', errorType: 'OriginError' });
    expect(ores.calls).toHaveLength(0);
    // Three connection attempts, CloudFront's default (docs/cloudfront-rules.md#origin-timeouts).
    expect(calls).toBe(3);
    expect(response.trace.steps.find((s) => s.name === 'origin')?.attempts).toBe(3);
  });

  it("runs origin-response on CloudFront's 502 when dev.undocumented says so (docs/cloudfront-rules.md#skip-rules)", async () => {
    const ores = inlineFunction('origin-response', (event) => {
      const { response } = (event as OriginResponseEvent).Records[0].cf;
      return { ...response, status: '200', statusDescription: 'OK', body: 'fallback' };
    });
    const pipeline = createPipeline({
      config: configWith(
        {
          handler: () => {
            throw new Error('db down');
          },
          connectionAttempts: 1,
        },
        { 'origin-response': 'ores' },
        { dev: { undocumented: { originResponseOnOriginFailure: true } } },
      ),
      functions: { ores },
    });
    const response = await pipeline.request('/');
    expect(ores.calls).toHaveLength(1);
    const seen = (ores.calls[0] as OriginResponseEvent).Records[0].cf.response.status;
    expect([seen, response.status, response.text()]).toEqual(['502', 200, 'fallback']);
    expect(response.trace.error).toMatchObject({ step: 'origin', errorType: 'OriginError' });
  });
});
