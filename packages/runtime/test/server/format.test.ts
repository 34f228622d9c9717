import type { ViewerRequestEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { createPipeline, type EdgeFunction } from '../../src/pipeline/index.ts';
import { formatTrace } from '../../src/server/index.ts';
import { configWith, failingFunction, passThrough, recordingOrigin } from '../pipeline/helpers.ts';

describe('formatTrace', () => {
  it('prints method, path, status, cache result and each step with its duration', async () => {
    const pipeline = createPipeline({
      config: configWith(recordingOrigin().config, {
        'viewer-request': 'a',
        'origin-request': 'b',
        'origin-response': 'c',
        'viewer-response': 'd',
      }),
      functions: {
        a: passThrough('viewer-request'),
        b: passThrough('origin-request'),
        c: passThrough('origin-response'),
        d: passThrough('viewer-response'),
      },
    });
    const { trace } = await pipeline.request('/a?x=1');
    expect(formatTrace(trace)).toMatch(
      /^GET \/a\?x=1 200 Miss {2}viewer-request \d+\.\dms → origin-request \d+\.\dms → origin "default" 200 [\d.]+ms → origin-response \d+\.\dms → viewer-response \d+\.\dms$/,
    );
    const hit = await pipeline.request('/a?x=1');
    expect(formatTrace(hit.trace)).toMatch(
      /^GET \/a\?x=1 200 Hit {2}viewer-request \S+ → viewer-response \S+$/,
    );
  });

  it('names the broken rule and the fix on the lines below', async () => {
    const pipeline = createPipeline({
      config: configWith(recordingOrigin().config, { 'viewer-request': 'auth' }),
      functions: {
        auth: failingFunction(
          'viewer-request',
          'LambdaValidationError',
          'disallowed-header',
          'Added X-Cache.',
        ),
      },
    });
    const { trace } = await pipeline.request('/');
    const lines = formatTrace(trace).split('\n');
    expect(lines[0]).toMatch(/^GET \/ 502 LambdaValidationError {2}viewer-request/);
    expect(lines[1]).toBe(
      '  ✖ viewer-request auth: LambdaValidationError [disallowed-header] Added X-Cache.',
    );
    expect(lines[2]).toBe('    fix: fix for disallowed-header');
  });

  it('prints console output of the functions and warn-mode violations under the line', async () => {
    const chatty: EdgeFunction = {
      eventType: 'viewer-request',
      async invoke(event) {
        return {
          kind: 'request',
          request: (event as ViewerRequestEvent).Records[0].cf.request,
          logs: [{ level: 'warn', message: 'slow path taken', time: 0 }],
          warnings: [
            { rule: 'read-only-header', message: 'Changed Host.', fix: 'Leave Host alone.' },
          ],
          durationMs: 0.2,
          initDurationMs: 12.34,
          memoryUsedMB: 1,
        };
      },
      reload: async () => {},
      dispose: async () => {},
    };
    const pipeline = createPipeline({
      config: configWith(recordingOrigin().config, { 'viewer-request': 'chatty' }),
      functions: { chatty },
    });
    const { trace } = await pipeline.request('/');
    const lines = formatTrace(trace).split('\n');
    expect(lines[0]).toMatch(/viewer-request 0\.2ms \(cold start 12\.3ms\) → origin/);
    expect(lines.slice(1)).toEqual([
      '  ⚠ viewer-request chatty: [read-only-header] Changed Host.',
      '    fix: Leave Host alone.',
      '  chatty warn: slow path taken',
    ]);
    expect(formatTrace(trace, { logs: false }).split('\n')).toHaveLength(3);
  });

  it('shows origin group members, attempts and failover, a custom error page, a refusal and notes', async () => {
    const pipeline = createPipeline({
      config: {
        origins: {
          primary: { handler: () => ({ status: 503 }) },
          secondary: { handler: () => ({ status: 404 }) },
          pages: { handler: () => ({ status: 200, body: 'sorry' }) },
        },
        originGroups: {
          both: { members: ['primary', 'secondary'], failoverCriteria: { statusCodes: [503] } },
        },
        defaultBehavior: { origin: 'both', cachePolicy: 'CachingDisabled' },
        behaviors: [{ pathPattern: '/errors/*', origin: 'pages' }],
        customErrorResponses: [
          { errorCode: 404, responsePagePath: '/errors/404.html', responseCode: 200 },
        ],
      },
      functions: {},
    });
    const { trace } = await pipeline.request('/x', { headers: { 'x-big': 'v'.repeat(21_000) } });
    const lines = formatTrace(trace).split('\n');
    expect(lines[0]).toMatch(
      /^GET \/x 200 Error {2}origin "primary" 503 \S+ \(failed over\) → origin "secondary" 404 \S+ → origin "pages" 200 \S+$/,
    );
    expect(lines[1]).toBe('  ↳ custom error response: 404 → /errors/404.html (200)');
    expect(lines[2]).toMatch(
      /^ {2}⚠ \[request-size-limits\] The request line and headers are \d+ bytes/,
    );
    const refused = await pipeline.request('/x', { method: 'POST', body: 'x' });
    expect(formatTrace(refused.trace).split('\n')[1]).toBe(
      '  ✖ cloudfront: Error [allowed-methods] POST is not among the allowed methods of the behavior "*" (GET, HEAD).',
    );
  });
});
