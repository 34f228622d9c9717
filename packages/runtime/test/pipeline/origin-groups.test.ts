/**
 * Origin groups, connection attempts, timeouts and DNS (docs/cloudfront-rules.md#origin-failover,
 * #origin-timeouts, #origin-dns).
 */
import type { OriginRequestEvent, OriginResponseEvent } from '@edge-app/events';
import { afterEach, describe, expect, it } from 'vitest';
import type { EdgeConfig, OriginConfig } from '../../src/config.ts';
import { createPipeline, type Pipeline } from '../../src/pipeline/index.ts';
import { closedPort, startOrigin } from '../server/helpers.ts';
import { allMethods, passThrough, recordingOrigin } from './helpers.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function groupPipeline(
  primary: OriginConfig,
  secondary: OriginConfig,
  statusCodes = [500, 502, 503, 504, 404],
) {
  const oreq = passThrough('origin-request');
  const ores = passThrough('origin-response');
  const config: EdgeConfig = {
    origins: { primary, secondary },
    originGroups: {
      both: { members: ['primary', 'secondary'], failoverCriteria: { statusCodes } },
    },
    defaultBehavior: {
      origin: 'both',
      cachePolicy: 'CachingDisabled',
      functions: { 'origin-request': 'oreq', 'origin-response': 'ores' },
      ...allMethods,
    },
  };
  const pipeline = createPipeline({ config, functions: { oreq, ores } });
  cleanups.push(() => pipeline.close());
  return { pipeline, oreq, ores };
}

const domains = (calls: unknown[]) =>
  calls.map(
    (event) => (event as OriginRequestEvent).Records[0].cf.request.origin.custom?.domainName,
  );

describe('origin groups', () => {
  it('fail over on a failover status: origin-request runs again for the secondary, origin-response on its answer', async () => {
    const primary = recordingOrigin(() => ({ status: 503, body: 'primary down' }));
    const secondary = recordingOrigin(() => ({ status: 200, body: 'from secondary' }));
    const { pipeline, oreq, ores } = groupPipeline(primary.config, secondary.config);
    const response = await pipeline.request('/a');
    expect([response.status, response.text()]).toEqual([200, 'from secondary']);
    expect(domains(oreq.calls)).toEqual(['primary.origin.internal', 'secondary.origin.internal']);
    expect(ores.calls.map((e) => (e as OriginResponseEvent).Records[0].cf.response.status)).toEqual(
      ['200'],
    );
    const origins = response.trace.steps.filter((s) => s.name === 'origin');
    expect(origins.map((s) => [s.origin, s.status, s.failedOver ?? false])).toEqual([
      ['primary', 503, true],
      ['secondary', 200, false],
    ]);
  });

  it('serve the primary’s answer when its status is not a failover criterion', async () => {
    const primary = recordingOrigin(() => ({ status: 403, body: 'forbidden' }));
    const secondary = recordingOrigin(() => ({ status: 200 }));
    const { pipeline } = groupPipeline(primary.config, secondary.config);
    expect((await pipeline.request('/a')).status).toBe(403);
    expect(secondary.calls).toHaveLength(0);
  });

  it('fail over when the primary cannot be reached, after its connection attempts', async () => {
    let tries = 0;
    const primary: OriginConfig = {
      handler: () => {
        tries++;
        throw new Error('refused');
      },
      connectionAttempts: 2,
    };
    const secondary = recordingOrigin(() => ({ status: 200, body: 'ok' }));
    const { pipeline } = groupPipeline(primary, secondary.config);
    const response = await pipeline.request('/a');
    expect([response.status, tries]).toEqual([200, 2]);
  });

  it('do not fail over for POST: the primary’s answer goes to the viewer', async () => {
    const primary = recordingOrigin(() => ({ status: 503 }));
    const secondary = recordingOrigin(() => ({ status: 200 }));
    const { pipeline } = groupPipeline(primary.config, secondary.config);
    expect((await pipeline.request('/a', { method: 'POST', body: 'x' })).status).toBe(503);
    expect(secondary.calls).toHaveLength(0);
  });
});

describe('connection attempts and timeouts', () => {
  it('retries a GET whose response timed out, up to the connection attempts; a POST is not retried', async () => {
    let requests = 0;
    const server = await startOrigin((req, _body, res) => {
      requests++;
      if (req.url === '/slow') return; // never answers
      res.end('ok');
    });
    cleanups.push(() => server.close());
    const config: EdgeConfig = {
      origins: { default: { url: server.url, originReadTimeout: 1, connectionAttempts: 2 } },
      defaultBehavior: { cachePolicy: 'CachingDisabled', ...allMethods },
    };
    const pipeline: Pipeline = createPipeline({ config, functions: {} });
    cleanups.push(() => pipeline.close());
    const get = await pipeline.request('/slow');
    expect([get.status, requests]).toEqual([504, 2]);
    expect(get.trace.steps.find((s) => s.name === 'origin')).toMatchObject({
      attempts: 2,
      failure: 'read-timeout',
    });
    const post = await pipeline.request('/slow', { method: 'POST', body: 'x' });
    expect([post.status, requests]).toEqual([504, 3]);
  }, 20_000);

  it('tries a refused connection as often as connectionAttempts says, then answers 502', async () => {
    const port = await closedPort();
    const pipeline = createPipeline({
      config: {
        origins: { default: { url: `http://127.0.0.1:${port}`, connectionAttempts: 3 } },
        defaultBehavior: {},
      },
      functions: {},
    });
    cleanups.push(() => pipeline.close());
    const response = await pipeline.request('/');
    expect(response.status).toBe(502);
    expect(response.trace.steps.find((s) => s.name === 'origin')).toMatchObject({
      attempts: 3,
      failure: 'connect',
    });
  });
});

describe('origin DNS (docs/cloudfront-rules.md#origin-dns)', () => {
  it('answers 502 OriginDnsError for a name that does not resolve, before origin-request runs', async () => {
    const oreq = passThrough('origin-request');
    const pipeline = createPipeline({
      config: {
        origins: { default: { url: 'https://no-such-origin.invalid' } },
        defaultBehavior: { functions: { 'origin-request': 'oreq' } },
      },
      functions: { oreq },
    });
    cleanups.push(() => pipeline.close());
    const response = await pipeline.request('/');
    expect([response.status, response.header('x-cache')]).toEqual([502, 'Error from cloudfront']);
    expect(response.trace.error).toMatchObject({ errorType: 'OriginDnsError', rule: 'origin-dns' });
    expect(response.text()).toContain("CloudFront wasn't able to resolve the origin domain name.");
    expect(oreq.calls).toHaveLength(0);
  });
});
