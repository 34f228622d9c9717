#!/usr/bin/env node
// Where a cache miss's time goes: the dev-server benchmark's misses case taken apart, side by
// side in one run, with the CPU each request costs the server's thread and the whole process.
// A diagnostic for the ≥ 0.5× target of dev-server.mjs, not a second target. Printed, never
// asserted. Linux only (threads' CPU from /proc).
//
// The sides, all in front of the same local origin and driven like dev-server.mjs's misses:
// - bare:        the bare node:http proxy of dev-server.mjs.
// - no triggers: the pipeline with its cache off and no function associated.
// - free calls:  four triggers whose functions answer at once, in the server's thread, with the
//                request or response they were given: the pipeline's own work per miss, with
//                no container at all (the most any change to containers could reach).
// - bare channel: four pass-through functions in worker threads through the real invocation
//                channel and worker.mjs, two threads per function, with none of createFunction's
//                bookkeeping (no timeout timers, logs, validation or pool beyond picking a free
//                thread): what the thread hops alone cost.
// - containers:  createFunction's containers, as `edge dev` and dev-server.mjs run them.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  close,
  phase,
  startBareProxy,
  startOrigin,
  writePassThroughHandler,
} from './dev-server.mjs';
import { benchDir, bundleAndImport, isMain, median } from './lib.mjs';

const REQUESTS = 6000;
const CONCURRENCY = 20;
const WARM_UP = 3000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TICKS_PER_SECOND = 100;
const EVENT_TYPES = ['viewer-request', 'origin-request', 'origin-response', 'viewer-response'];

const entry = join(benchDir, 'miss-bounds-entry.ts');
const loadRuntime = () =>
  bundleAndImport(
    entry,
    join(benchDir, 'node_modules', '.cache', 'bench-dev-server', 'bounds.mjs'),
  );

/** CPU ticks (user + system) of one thread of this process. */
function threadTicks(tid) {
  const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function processTicks() {
  let total = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      total += threadTicks(tid);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return total;
}

/** A function that answers at once with what it was given, as a pass-through handler would. */
function freeFunction(eventType) {
  return {
    eventType,
    async invoke(event) {
      const cf = event.Records[0].cf;
      const meta = { logs: [], warnings: [], durationMs: 0, memoryUsedMB: 0 };
      return cf.response
        ? { kind: 'response', response: cf.response, generated: false, ...meta }
        : { kind: 'request', request: cf.request, ...meta };
    },
    async reload() {},
    async dispose() {},
  };
}

/**
 * Pass-through handlers in worker threads, spoken to through the invocation channel directly:
 * a thread that is free takes the invocation, else one holding a single invocation queues it.
 */
async function channelFunction(runtime, eventType, handlerUrl) {
  const start = async () => {
    const worker = runtime.takeThread(128);
    const channel = new runtime.InvocationChannel();
    const ends = channel.workerEnds;
    const ready = new Promise((resolve, reject) => {
      worker.on('message', (message) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'init-error') reject(new Error(message.error.message));
      });
    });
    worker.postMessage(
      {
        type: 'load',
        handlerName: 'handler',
        functionName: eventType,
        functionVersion: '1',
        memoryMB: 128,
        globals: {},
        moduleUrl: handlerUrl,
        channel: ends,
      },
      [ends.port],
    );
    await ready;
    worker.unref();
    return { worker, channel, inFlight: 0 };
  };
  const threads = [await start(), await start()];
  const waiting = [];
  const pick = () =>
    threads.find((thread) => thread.inFlight === 0) ??
    threads.find((thread) => thread.inFlight < runtime.CHANNEL_DEPTH);
  let id = 1;
  return {
    eventType,
    async invoke(event) {
      let thread = pick();
      while (!thread) {
        await new Promise((resolve) => waiting.push(resolve));
        thread = pick();
      }
      thread.inFlight++;
      const encoded = runtime.encodeInvocation(id++, { event, timeoutMs: 5000, requestId: 'x' });
      const answer = JSON.parse(await thread.channel.invoke(encoded.text));
      thread.inFlight--;
      waiting.shift()?.();
      const value = answer.unchanged ? encoded.returned.value : answer.result;
      const meta = { logs: [], warnings: [], durationMs: answer.durationMs, memoryUsedMB: 0 };
      return event.Records[0].cf.response
        ? { kind: 'response', response: value, generated: false, ...meta }
        : { kind: 'request', request: value, ...meta };
    },
    async reload() {},
    async dispose() {
      for (const thread of threads) {
        thread.channel.close();
        await thread.worker.terminate();
      }
    },
  };
}

async function pipelineSide(runtime, name, originUrl, functions) {
  const config = {
    origins: { default: { url: originUrl } },
    defaultBehavior: {
      origin: 'default',
      functions: functions ? Object.fromEntries(EVENT_TYPES.map((t) => [t, t])) : {},
    },
  };
  const pipeline = runtime.createPipeline({ config, functions: functions ?? {}, cache: false });
  const server = await runtime.startEdgeServer({ pipeline });
  return {
    name,
    url: server.url,
    async stop() {
      await server.close();
      pipeline.close();
      await Promise.all(Object.values(functions ?? {}).map((fn) => fn.dispose()));
    },
  };
}

/**
 * One throughput phase with the CPU it cost: the server's thread (which also runs the origin,
 * as in dev-server.mjs) and the whole process but for the load client, whose thread has ended
 * by the second reading.
 */
async function measured(url) {
  const mainBefore = threadTicks(process.pid);
  const allBefore = processTicks();
  const result = await phase(url, 'unique', REQUESTS, CONCURRENCY);
  const perRequest = (ticks) => (ticks / TICKS_PER_SECOND / REQUESTS) * 1e6;
  return {
    rps: result.rps,
    errors: result.errors,
    mainUs: perRequest(threadTicks(process.pid) - mainBefore),
    processUs: perRequest(processTicks() - allBefore),
  };
}

export async function run() {
  if (process.platform !== 'linux') {
    console.log('(skipped: reads per-thread CPU from /proc, Linux only)');
    return undefined;
  }
  const runtime = await loadRuntime();
  const { dir, handlerFile } = writePassThroughHandler('bench-miss-bounds-');
  const origin = await startOrigin();
  const bare = await startBareProxy(origin.url);
  const byType = (make) => Object.fromEntries(EVENT_TYPES.map((t) => [t, make(t)]));
  const channelFunctions = Object.fromEntries(
    await Promise.all(
      EVENT_TYPES.map(async (t) => [
        t,
        await channelFunction(runtime, t, pathToFileURL(handlerFile).href),
      ]),
    ),
  );
  const sides = [
    { name: 'bare node:http proxy', url: bare.url, async stop() {} },
    await pipelineSide(runtime, 'pipeline, no triggers', origin.url, undefined),
    await pipelineSide(runtime, '4 triggers, free calls', origin.url, byType(freeFunction)),
    await pipelineSide(runtime, '4 triggers, bare channel', origin.url, channelFunctions),
    await pipelineSide(
      runtime,
      '4 triggers, containers (as edge dev)',
      origin.url,
      byType((eventType) =>
        runtime.createFunction(handlerFile, {
          eventType,
          functionName: eventType,
          maxContainers: runtime.localContainerLimit(),
        }),
      ),
    ),
  ];

  const rounds = new Map(sides.map((side) => [side, []]));
  try {
    for (const side of sides) await phase(side.url, 'unique', WARM_UP, CONCURRENCY);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) rounds.get(side).push(await measured(side.url));
    }
  } finally {
    for (const side of sides) await side.stop();
    bare.agent.destroy();
    await close(bare.server);
    await close(origin.server);
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(
    `${ROUNDS} alternating rounds of ${REQUESTS} unique-URL requests at concurrency ${CONCURRENCY}, medians; CPU per request of the server's thread and of the whole process (containers and V8's threads included; the load client's thread ends before it is read, so it is not):`,
  );
  const bareRps = median(rounds.get(sides[0]).map((r) => r.rps));
  const results = {};
  let errors = 0;
  for (const side of sides) {
    const list = rounds.get(side);
    const rps = median(list.map((r) => r.rps));
    const mainUs = median(list.map((r) => r.mainUs));
    const processUs = median(list.map((r) => r.processUs));
    errors += list.reduce((sum, r) => sum + r.errors, 0);
    results[side.name] = { rps, mainUs, processUs, ratio: rps / bareRps };
    console.log(
      `  ${side.name.padEnd(38)} ${rps.toFixed(0).padStart(6)} req/s  ${(rps / bareRps).toFixed(2)}x   server thread ${mainUs.toFixed(0).padStart(4)} µs   process ${processUs.toFixed(0).padStart(4)} µs`,
    );
  }
  if (errors > 0) throw new Error(`${errors} requests failed`);
  return results;
}

if (isMain(import.meta.url)) await run();
