/**
 * The pipeline with real functions: createFunction() runs handler modules in worker
 * containers and applies CloudFront's validation, so the error responses here come from the
 * real rules, not from test doubles.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunction } from '../../src/invoke/index.ts';
import { createPipeline, type Pipeline } from '../../src/pipeline/index.ts';
import { configWith, recordingOrigin } from './helpers.ts';

let dir: string;
let pipeline: Pipeline;
const origin = recordingOrigin((call) => ({
  status: 200,
  headers: { 'content-type': 'text/plain', 'set-cookie': ['a=1', 'b=2'] },
  body: `origin saw ${call.url} tag=${call.headers['x-tag']}`,
}));
const functions: Array<ReturnType<typeof createFunction>> = [];

function handlerModule(name: string, source: string): string {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(path, source);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edge-pipeline-int-'));
  const tag = handlerModule(
    'tag',
    `export const handler = async (event) => {
      const request = event.Records[0].cf.request;
      if (request.uri === '/host') request.headers.host = [{ key: 'Host', value: 'evil.test' }];
      if (request.uri === '/throw') throw new Error('kaboom');
      request.headers['x-tag'] = [{ key: 'X-Tag', value: 'tagged' }];
      return request;
    };`,
  );
  const secure = handlerModule(
    'secure',
    `export const handler = async (event) => {
      const response = event.Records[0].cf.response;
      response.headers['strict-transport-security'] = [{ value: 'max-age=63072000' }];
      return response;
    };`,
  );
  const vreq = createFunction(tag, { eventType: 'viewer-request', functionName: 'tag' });
  const vres = createFunction(secure, { eventType: 'viewer-response', functionName: 'secure' });
  functions.push(vreq, vres);
  pipeline = createPipeline({
    // Cookies forwarded, so the origin's Set-Cookie lines reach the viewer (docs/cloudfront-rules.md#cookies).
    config: configWith(
      origin.config,
      { 'viewer-request': 'tag', 'viewer-response': 'secure' },
      {},
      { cache: { defaultTTL: 60, cookies: 'all' } },
    ),
    functions: { tag: vreq, secure: vres },
  });
});

afterAll(async () => {
  await Promise.all(functions.map((fn) => fn.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

describe('pipeline + createFunction', () => {
  it('runs real handler modules and title-cases keys they left out', async () => {
    const response = await pipeline.request('/page');
    expect(response.status).toBe(200);
    expect(response.text()).toBe('origin saw /page tag=tagged');
    expect(response.header('Strict-Transport-Security')).toBe('max-age=63072000');
    expect(response.headers.some(([name]) => name === 'Strict-Transport-Security')).toBe(true);
    expect(response.headerValues('set-cookie')).toEqual(['a=1', 'b=2']);
    expect(response.trace.steps.map((s) => s.name)).toEqual([
      'viewer-request',
      'origin',
      'viewer-response',
    ]);
  });

  it('turns a changed read-only header into 502 LambdaValidationError', async () => {
    const response = await pipeline.request('/host');
    expect(response.status).toBe(502);
    expect(response.header('x-cache')).toBe('LambdaValidationError from cloudfront');
    expect(response.text()).toContain('The Lambda function result failed validation:');
    expect(response.trace.error?.rule).toBeTruthy();
    expect(response.trace.error?.fix).toBeTruthy();
  });

  it('turns a thrown error into 503 LambdaExecutionError and keeps working', async () => {
    const failed = await pipeline.request('/throw');
    expect([failed.status, failed.header('x-cache')]).toEqual([
      503,
      'LambdaExecutionError from cloudfront',
    ]);
    expect(failed.trace.error?.message).toContain('kaboom');
    const next = await pipeline.request('/page2');
    expect(next.status).toBe(200);
  });
});
