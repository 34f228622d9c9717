#!/usr/bin/env node
// Cache hits through `edge dev`'s server against a bare node:http reverse proxy to the same local
// origin, in one run on loopback. Printed, never asserted. Target: a hit adds under 1 ms of p50
// latency (concurrency 1) over the bare proxy, which goes to the origin every time.
//
// Two edge servers, both with the whole request path of a real behavior: CachingOptimized,
// AllViewerExceptHostHeader, SecurityHeadersPolicy (so a hit builds its key, checks freshness and
// validators, applies the response headers policy and the headers CloudFront adds):
// - `hit`: no functions, the cost of the local CloudFront itself;
// - `hit + viewer triggers`: viewer-request and viewer-response pass-through functions in
//   worker-thread containers as `edge dev` runs them (they run on hits, as in CloudFront).
// The sides take turns, round by round, so the machine's noise falls on all of them alike; the
// median of the rounds' p50s is compared.
import { rmSync } from 'node:fs';
import {
  close,
  phase,
  startBareProxy,
  startOrigin,
  writePassThroughHandler,
} from './dev-server.mjs';
import { isMain, median } from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REQUESTS = 1000;
const WARM_UP = 500;

const behavior = {
  origin: 'default',
  cachePolicy: 'CachingOptimized',
  originRequestPolicy: 'AllViewerExceptHostHeader',
  responseHeadersPolicy: 'SecurityHeadersPolicy',
};

export async function run() {
  const runtime = await import('@edge-app/runtime');
  const origin = await startOrigin();
  const bare = await startBareProxy(origin.url);
  const { dir, handlerFile } = writePassThroughHandler('bench-cache-hit-');
  const functions = Object.fromEntries(
    ['viewer-request', 'viewer-response'].map((eventType) => [
      eventType,
      runtime.createFunction(handlerFile, {
        eventType,
        functionName: eventType,
        maxContainers: runtime.localContainerLimit(),
      }),
    ]),
  );
  const plain = runtime.createPipeline({
    config: { origins: { default: { url: origin.url } }, defaultBehavior: behavior },
    functions: {},
  });
  const triggered = runtime.createPipeline({
    config: {
      origins: { default: { url: origin.url } },
      defaultBehavior: {
        ...behavior,
        functions: { 'viewer-request': 'viewer-request', 'viewer-response': 'viewer-response' },
      },
    },
    functions,
  });
  const plainServer = await runtime.startEdgeServer({ pipeline: plain });
  const triggeredServer = await runtime.startEdgeServer({ pipeline: triggered });
  const sides = [
    { name: 'bare node:http proxy (origin every time)', url: bare.url },
    { name: 'edge dev, hit', url: plainServer.url },
    { name: 'edge dev, hit + viewer triggers', url: triggeredServer.url },
  ];
  try {
    for (const side of sides) await phase(side.url, 'same', WARM_UP, 1);
    const rounds = new Map(sides.map((side) => [side, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) rounds.get(side).push(await phase(side.url, 'same', REQUESTS, 1));
    }
    const summary = sides.map((side) => {
      const results = rounds.get(side);
      return {
        side,
        p50: median(results.map((r) => r.p50)),
        p99: median(results.map((r) => r.p99)),
        errors: results.reduce((n, r) => n + r.errors, 0),
      };
    });
    const [baseline, ...edges] = summary;
    console.log(
      `${ROUNDS} alternating rounds of ${REQUESTS} requests at concurrency 1 per side (median of the rounds' p50 and p99); 1 KB body, loopback:`,
    );
    for (const row of summary) {
      console.log(
        `  ${row.side.name.padEnd(42)} p50 ${row.p50.toFixed(3)} ms   p99 ${row.p99.toFixed(3)} ms`,
      );
    }
    const added = {};
    for (const row of edges) {
      added[row.side.name] = row.p50 - baseline.p50;
      const sign = row.p50 >= baseline.p50 ? '+' : '';
      console.log(
        `  ${`${row.side.name}: added p50`.padEnd(42)} ${sign}${(row.p50 - baseline.p50).toFixed(3)} ms  (target < 1 ms)`,
      );
    }
    const errors = summary.reduce((n, row) => n + row.errors, 0);
    if (errors > 0) throw new Error(`${errors} requests failed`);
    return {
      summary: summary.map(({ side, ...row }) => ({ name: side.name, ...row })),
      addedP50Ms: added,
    };
  } finally {
    await plainServer.close();
    await triggeredServer.close();
    plain.close();
    triggered.close();
    await Promise.all(Object.values(functions).map((fn) => fn.dispose()));
    bare.agent.destroy();
    await close(bare.server);
    await close(origin.server);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) await run();
