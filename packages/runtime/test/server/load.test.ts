import { Agent, request as httpRequest } from 'node:http';
import type { EventType } from '@edge-app/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunction, type EdgeFunction } from '../../src/invoke/index.ts';
import { createPipeline, type Pipeline } from '../../src/pipeline/index.ts';
import { type EdgeServer, startEdgeServer } from '../../src/server/index.ts';
import { handlerPath } from '../invoke/support.ts';
import { ALL_TRIGGERS, configWith, fourPassThrough } from '../pipeline/helpers.ts';
import { startOrigin } from './helpers.ts';

const TOTAL = 2_000;
const CONCURRENCY = 20;

/**
 * The four triggers as `edge dev` runs them: container processes, two per function, so at this
 * concurrency invocations also wait for a free container. An answer delivered to the wrong
 * invocation would send a request to the wrong path.
 */
function fourContainerPassThrough(): Record<string, EdgeFunction> {
  return Object.fromEntries(
    Object.entries(ALL_TRIGGERS).map(([eventType, name]) => [
      name,
      createFunction(handlerPath('pass-through.mjs'), {
        eventType: eventType as EventType,
        functionName: name,
        maxContainers: 2,
      }),
    ]),
  );
}

describe.each([
  ['in-process functions', fourPassThrough],
  ['container processes', fourContainerPassThrough],
])('bounded load on loopback with %s', (_kind, makeFunctions) => {
  let origin: Awaited<ReturnType<typeof startOrigin>>;
  let functions: Record<string, EdgeFunction>;
  let pipeline: Pipeline;
  let server: EdgeServer;
  beforeAll(async () => {
    origin = await startOrigin((req, _body, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'max-age=60' });
      res.end(`body of ${req.url}`);
    });
    functions = makeFunctions();
    pipeline = createPipeline({ config: configWith({ url: origin.url }, ALL_TRIGGERS), functions });
    server = await startEdgeServer({ pipeline });
  });
  afterAll(async () => {
    await server.close();
    pipeline.close();
    await origin.close();
    await Promise.all(Object.values(functions).map((fn) => fn.dispose()));
  });

  it(`serves ${TOTAL} requests at concurrency ${CONCURRENCY} with zero errors`, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    let next = 0;
    const failures: string[] = [];
    const statuses = new Map<string, number>();
    const one = (i: number) =>
      new Promise<void>((resolve) => {
        // Half the paths repeat, so hits and misses both run.
        const path = `/item/${i % 2 === 0 ? i : i % 50}`;
        const req = httpRequest(`${server.url}${path}`, { agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString();
            if (res.statusCode !== 200 || body !== `body of ${path}`)
              failures.push(`${path}: ${res.statusCode} ${body}`);
            const cache = String(res.headers['x-cache']);
            statuses.set(cache, (statuses.get(cache) ?? 0) + 1);
            resolve();
          });
        });
        req.on('error', (error) => {
          failures.push(`${path}: ${error.message}`);
          resolve();
        });
        req.end();
      });
    const worker = async () => {
      while (next < TOTAL) await one(next++);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();
    expect(failures).toEqual([]);
    expect(pipeline.stats.requests).toBe(TOTAL);
    expect(statuses.get('Hit from cloudfront')).toBeGreaterThan(0);
    expect(
      (statuses.get('Hit from cloudfront') ?? 0) + (statuses.get('Miss from cloudfront') ?? 0),
    ).toBe(TOTAL);
  });
});
