/**
 * A pass-through function is never blamed for what it did not do: every event the pipeline
 * builds, handed back as it came, passes CloudFront's validation with no violation and comes
 * out of it equal. Checked here on the events of a varied set of requests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyEvent, EventType } from '@edge-app/events';
import { afterAll, describe, expect, it } from 'vitest';
import type { BehaviorConfig } from '../../src/config.ts';
import { resolveLimits } from '../../src/limits.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { validateResult } from '../../src/validate/index.ts';
import { ALL_TRIGGERS, type CountingFunction, passThrough, recordingOrigin } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'edge-unchanged-'));
writeFileSync(join(dir, 'page.html'), '<p>static</p>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recordedEvents(functions: Record<string, CountingFunction>): Array<[EventType, AnyEvent]> {
  return Object.values(functions).flatMap((fn) =>
    fn.calls.map((event) => [fn.eventType as EventType, event] as [EventType, AnyEvent]),
  );
}

/** The legacy settings, or policies that forward everything CloudFront can add. */
const SETTINGS: Record<'legacy' | 'policies', Omit<BehaviorConfig, 'pathPattern'>> = {
  legacy: { cache: { defaultTTL: 0, queryStrings: 'all', cookies: 'all', headers: ['accept'] } },
  policies: {
    cachePolicy: 'CachingOptimized',
    originRequestPolicy: 'AllViewerAndCloudFrontHeaders-2022-06',
    responseHeadersPolicy: 'CORS-with-preflight-and-SecurityHeadersPolicy',
  },
};

async function eventsOfRequests(origin: 'handler' | 'dir', settings: keyof typeof SETTINGS) {
  const functions = {
    vreq: passThrough('viewer-request'),
    oreq: passThrough('origin-request'),
    ores: passThrough('origin-response'),
    vres: passThrough('viewer-response'),
  };
  const recording = recordingOrigin(() => ({
    status: 200,
    headers: {
      'content-type': 'text/plain',
      'set-cookie': ['a=1; Path=/', 'b=2; HttpOnly'],
      'cache-control': 'max-age=60',
      'x-origin': 'yes',
    },
    body: 'hello',
  }));
  const pipeline = createPipeline({
    config: {
      origins: { default: origin === 'dir' ? { dir } : recording.config },
      defaultBehavior: {
        origin: 'default',
        functions: {
          'viewer-request': { function: ALL_TRIGGERS['viewer-request'], includeBody: true },
          'origin-request': { function: ALL_TRIGGERS['origin-request'], includeBody: true },
          'origin-response': ALL_TRIGGERS['origin-response'],
          'viewer-response': ALL_TRIGGERS['viewer-response'],
        },
        ...SETTINGS[settings],
        allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
      },
    },
    functions,
    cache: false,
  });
  const path = origin === 'dir' ? '/page.html' : '/a%20b/c';
  await pipeline.request(`${path}?q=1&q=2&x=%C3%A9`, {
    headers: [
      ['Accept', 'text/html'],
      ['Cookie', 'session=abc; theme=dark'],
      ['X-Repeated', 'one'],
      ['X-Repeated', 'two'],
      ['User-Agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)'],
    ],
  });
  // A POST with a body for the handler origin; the directory answers a missing file with 403, as
  // a bucket CloudFront may not list does (origin-response runs, viewer-response does not).
  await pipeline.request(origin === 'dir' ? '/missing.html' : path, {
    method: origin === 'dir' ? 'GET' : 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    ...(origin === 'dir' ? {} : { body: new Uint8Array([0, 1, 2, 250, 255]) }),
    protocol: 'https',
    clientIp: '2001:db8::1',
  });
  pipeline.close();
  return recordedEvents(functions);
}

describe.each([
  ['handler', 'legacy'],
  ['dir', 'legacy'],
  ['handler', 'policies'],
  ['dir', 'policies'],
] as const)('events the pipeline builds (%s origin, %s settings)', (origin, settings) => {
  it('pass validation unchanged, with nothing reported and nothing changed', async () => {
    const events = await eventsOfRequests(origin, settings);
    expect(events.map(([eventType]) => eventType).sort()).toEqual(
      [
        'origin-request',
        'origin-request',
        'origin-response',
        'origin-response',
        'viewer-request',
        'viewer-request',
        'viewer-response',
        ...(origin === 'dir' ? [] : ['viewer-response']),
      ].sort(),
    );
    for (const [eventType, event] of events) {
      const cf = event.Records[0].cf as Record<string, unknown>;
      const part = structuredClone(cf.response ?? cf.request);
      const validation = validateResult({
        eventType,
        event,
        result: part,
        limits: resolveLimits(eventType, 'strict'),
      });
      expect(validation.violations, `${eventType}`).toEqual([]);
      expect(validation.value, `${eventType}`).toEqual(cf.response ?? cf.request);
    }
  });
});
