#!/usr/bin/env node
// The local CloudFront (`edge dev`'s pipeline) against a bare node:http reverse proxy to the
// same local origin, side by side in one run on loopback. Printed, never asserted.
//
// - misses: the pipeline with its cache off and four pass-through Lambda@Edge functions (each
//   in container processes via createFunction, as many per function as `edge dev` allows:
//   localContainerLimit()), so every request runs viewer-request, origin-request, the origin,
//   origin-response and viewer-response. Reported: the p50 and p99 latency the four triggers
//   add at concurrency 1, and the throughput at concurrency 20.
// - hits: the cache on and one URL, so the origin side is skipped (viewer-request and
//   viewer-response still run, as in CloudFront). Target < 1 ms added p50 over the bare proxy.
//
// Each case runs a fixed number of requests, generated from a worker thread of this process: a
// warm-up, then throughput rounds at concurrency 20 alternating with the other cases (the
// median round counts), then a latency phase at concurrency 1. Everything listens on 127.0.0.1.
// BENCH_QUICK=1 (CI): one short round of each.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { isMain, loadSummary } from './lib.mjs';
import { loadKeepAlive } from './load-client.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const THROUGHPUT_REQUESTS = QUICK ? 300 : 3000;
const CONCURRENCY = 20;
const LATENCY_REQUESTS = QUICK ? 200 : 2000;
const WARM_UP = QUICK ? 100 : 1000;
/**
 * Throughput rounds per side, the sides alternating round by round (and which goes first), so
 * that the machine's noise falls on both alike: on this shared machine one 3,000-request
 * phase of the bare proxy varied 1.6-2x from run to run, and sequential phases made the
 * ratio mostly a measure of when the neighbours were busy. The medians are compared.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 5));
const BODY = 'x'.repeat(1024);

const loadRuntime = () => import('@edge-app/runtime');

export function listen(server) {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)),
  );
}

export function close(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function startOrigin() {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'max-age=3600' });
    res.end(BODY);
  });
  return listen(server).then((url) => ({ url, server }));
}

/** The baseline: forward every request to the origin, buffer the answer, send it back. */
export function startBareProxy(originUrl) {
  const target = new URL(originUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const chunks = [];
        answer.on('data', (chunk) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const headers = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          delete headers.connection;
          delete headers['keep-alive'];
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return listen(server).then((url) => ({ url, server, agent }));
}

/**
 * Which client generates the load: the lean keep-alive client of load-client.mjs, or with
 * BENCH_CLIENT=node-http node's own (heavier: see load-client.mjs and README.md).
 */
const CLIENT = process.env.BENCH_CLIENT === 'node-http' ? 'node-http' : 'lean';

/** node:http's client: a fixed count of GETs at a fixed concurrency. */
async function loadWithNodeHttp(baseUrl, pathFor, count, concurrency) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  let errors = 0;
  let next = 0;
  const one = (i) =>
    new Promise((resolve) => {
      const start = performance.now();
      const req = http.get(`${baseUrl}${pathFor(i)}`, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          latencies.push(performance.now() - start);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await one(next++);
    }),
  );
  const elapsed = performance.now() - started;
  agent.destroy();
  return loadSummary(count, elapsed, latencies, errors);
}

/**
 * The load generator runs in its own thread, so the servers' event loop is not also busy
 * producing the load it measures.
 */
function loadInWorker(baseUrl, mode, count, concurrency, offset) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { role: 'load', baseUrl, mode, count, concurrency, offset },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

let nextOffset = 0;
export function phase(baseUrl, mode, count, concurrency) {
  const offset = nextOffset;
  nextOffset += count;
  return loadInWorker(baseUrl, mode, count, concurrency, offset);
}

/** Median of the rounds' throughput (the whole round whose req/s is the median). */
function medianRound(rounds) {
  const sorted = [...rounds].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Warms every side up, runs ROUNDS alternating throughput rounds (concurrency 20), then one
 * latency phase (concurrency 1) per side.
 */
async function measureAll(sides) {
  for (const side of sides) await phase(side.url, side.mode, WARM_UP, CONCURRENCY);
  const rounds = Object.fromEntries(sides.map((side) => [side.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      rounds[side.name].push(await phase(side.url, side.mode, THROUGHPUT_REQUESTS, CONCURRENCY));
    }
  }
  const results = {};
  for (const side of sides) {
    results[side.name] = {
      throughput: medianRound(rounds[side.name]),
      rounds: rounds[side.name],
      latency: await phase(side.url, side.mode, LATENCY_REQUESTS, 1),
    };
  }
  return results;
}

/** A handler that returns the request or response it was given, in a new temp directory. */
export function writePassThroughHandler(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const handlerFile = join(dir, 'pass-through.mjs');
  writeFileSync(
    handlerFile,
    'export const handler = async (event) => { const cf = event.Records[0].cf; return cf.response ?? cf.request; };\n',
  );
  return { dir, handlerFile };
}

export async function run() {
  const runtime = await loadRuntime();
  const { dir, handlerFile } = writePassThroughHandler('bench-dev-server-');
  const origin = await startOrigin();
  const bare = await startBareProxy(origin.url);
  const eventTypes = ['viewer-request', 'origin-request', 'origin-response', 'viewer-response'];
  const functions = Object.fromEntries(
    eventTypes.map((eventType) => [
      eventType,
      // As `edge dev` creates them: one container per core, at most four.
      runtime.createFunction(handlerFile, {
        eventType,
        functionName: eventType,
        maxContainers: runtime.localContainerLimit(),
      }),
    ]),
  );
  const config = {
    origins: { default: { url: origin.url } },
    defaultBehavior: {
      origin: 'default',
      functions: Object.fromEntries(eventTypes.map((t) => [t, t])),
    },
  };
  const uncached = runtime.createPipeline({ config, functions, cache: false });
  const cached = runtime.createPipeline({ config, functions });
  const missServer = await runtime.startEdgeServer({ pipeline: uncached });
  const hitServer = await runtime.startEdgeServer({ pipeline: cached });

  const results = await measureAll([
    { name: 'bare', url: bare.url, mode: 'unique' },
    { name: 'misses', url: missServer.url, mode: 'unique' },
    { name: 'hits', url: hitServer.url, mode: 'same' },
  ]);

  await missServer.close();
  await hitServer.close();
  uncached.close();
  cached.close();
  await Promise.all(Object.values(functions).map((fn) => fn.dispose()));
  bare.agent.destroy();
  await close(bare.server);
  await close(origin.server);
  rmSync(dir, { recursive: true, force: true });

  const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
  const row = (name, r) =>
    `  ${name.padEnd(42)} ${fmt(r.throughput.rps).padStart(7)} req/s   p50 ${fmt(r.throughput.p50).padStart(6)} ms  p99 ${fmt(r.throughput.p99).padStart(6)} ms   |  c=1 p50 ${r.latency.p50.toFixed(3)} ms  p99 ${r.latency.p99.toFixed(3)} ms`;
  console.log(
    `${ROUNDS} alternating rounds of ${THROUGHPUT_REQUESTS} requests at concurrency ${CONCURRENCY} per side (median round shown), then ${LATENCY_REQUESTS} at concurrency 1; 1 KB body, loopback; load from the ${CLIENT === 'lean' ? 'lean keep-alive client' : 'node:http client'}:`,
  );
  console.log(row('bare node:http proxy (origin each time)', results.bare));
  console.log(row('edge, misses (cache off, 4 triggers)', results.misses));
  console.log(row('edge, hits (2 viewer triggers, no origin)', results.hits));
  const missRatio = results.misses.throughput.rps / results.bare.throughput.rps;
  const roundRatios = results.misses.rounds.map((r, i) => r.rps / results.bare.rounds[i].rps);
  const signed = (n) => `${n >= 0 ? '+' : ''}${n.toFixed(3)} ms`;
  const missAdded = {
    p50: results.misses.latency.p50 - results.bare.latency.p50,
    p99: results.misses.latency.p99 - results.bare.latency.p99,
  };
  const hitAdded = results.hits.latency.p50 - results.bare.latency.p50;
  console.log(
    `  misses, four triggers, added latency (c=1) p50 ${signed(missAdded.p50)}  p99 ${signed(missAdded.p99)}`,
  );
  console.log(
    `  misses throughput vs bare proxy           ${missRatio.toFixed(2)}x  (round by round ${roundRatios.map((r) => r.toFixed(2)).join(', ')})`,
  );
  console.log(`  hits added p50 vs bare proxy (c=1)        ${signed(hitAdded)}  (target < 1 ms)`);
  const errors = Object.values(results).reduce(
    (sum, r) => sum + r.rounds.reduce((n, round) => n + round.errors, 0) + r.latency.errors,
    0,
  );
  if (errors > 0) throw new Error(`${errors} requests failed`);
  return { ...results, missRatio, missAdded, hitAddedP50Ms: hitAdded };
}

if (!isMainThread && workerData?.role === 'load') {
  const { baseUrl, mode, count, concurrency, offset } = workerData;
  const pathFor = mode === 'same' ? () => '/item/hot' : (i) => `/item/${offset + i}`;
  const result =
    CLIENT === 'node-http'
      ? await loadWithNodeHttp(baseUrl, pathFor, count, concurrency)
      : await loadKeepAlive(baseUrl, pathFor, count, concurrency);
  parentPort.postMessage(result);
} else if (isMain(import.meta.url)) {
  await run();
}
