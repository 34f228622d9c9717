#!/usr/bin/env node
// invoke(): a warm invocation through a container process against lambda-local running the
// same handler on the same event in-process, at event sizes of 1 KB, 40 KB and 1 MB (an
// origin-request with IncludeBody), and the cold start. Printed as medians and ratios, never
// asserted. Targets: warm at most 1x lambda-local at 1 KB and 3x at 1 MB; cold start < 100 ms.
//
// lambda-local runs as its README shows (`execute({ event, lambdaPath })`, its default
// verbosity, which pretty-prints every result), with its log transports muted so the terminal
// is not part of the figure; `verboseLevel: 0`, its fastest mode, is printed beside it. So is
// the process boundary alone: a forked child that answers each message with itself over the
// same JSON IPC channel, the least any out-of-process container pays per invocation.
// BENCH_QUICK=1 (CI) runs a few calls of each, to keep the benchmark working, not to measure.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isMain, median, packagesDir, timeEach } from './lib.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = QUICK ? 1 : 3;
const WARM_UP = QUICK ? 5 : 100;
const CALLS = { '1 KB': QUICK ? 20 : 1000, '40 KB': QUICK ? 20 : 500, '1 MB': QUICK ? 5 : 100 };
const SIZES = { '1 KB': 1024, '40 KB': 40 * 1024, '1 MB': 1024 * 1024 };
const COLD_STARTS = QUICK ? 3 : 20;
const COLD_START_PAUSE_MS = 250;

const handlerFile = join(packagesDir, 'runtime', 'test', 'invoke', 'handlers', 'pass-through.mjs');
const require = createRequire(import.meta.url);

/** An origin-request event of about `bytes` in all, most of it the body (IncludeBody). */
function eventOfSize(originRequest, bytes) {
  const event = originRequest({ method: 'POST', uri: '/upload' });
  const base = JSON.stringify(event).length;
  const data = 'x'.repeat(Math.max(0, bytes - base - 80));
  event.Records[0].cf.request.body = {
    inputTruncated: false,
    action: 'read-only',
    encoding: 'text',
    data,
  };
  return event;
}

const ms = (value) => `${value.toFixed(3)} ms`;

/** A child that echoes; `roundTrip(event)` sends the event and waits for it to come back. */
function echoChild() {
  const child = fork(new URL('./fixtures/echo-child.mjs', import.meta.url), {
    serialization: 'json',
  });
  let answered;
  child.on('message', () => answered());
  return {
    roundTrip: (event) =>
      new Promise((resolve) => {
        answered = resolve;
        child.send({ type: 'invoke', id: 1, event });
      }),
    stop: () => child.kill(),
  };
}

export async function run() {
  const { createFunction } = await import('@edge-app/runtime');
  const { originRequest } = await import('@edge-app/events');
  const lambdaLocal = require('lambda-local');
  for (const transport of lambdaLocal.getLogger().transports) transport.silent = true;

  const fn = createFunction(handlerFile, { eventType: 'origin-request', includeBody: true });
  const echo = echoChild();
  const failures = [];
  const check = (outcome) => {
    if (outcome.kind !== 'request') failures.push(`${outcome.rule}: ${outcome.message}`);
  };
  const sides = {
    invoke: async (event) => check(await fn.invoke(event)),
    'lambda-local': (event) =>
      lambdaLocal.execute({ event, lambdaPath: handlerFile, esm: true, timeoutMs: 30_000 }),
    'lambda-local quiet': (event) =>
      lambdaLocal.execute({
        event,
        lambdaPath: handlerFile,
        esm: true,
        timeoutMs: 30_000,
        verboseLevel: 0,
      }),
    'process boundary': (event) => echo.roundTrip(event),
  };
  const warm = {};
  for (const [label, bytes] of Object.entries(SIZES)) {
    const event = eventOfSize(originRequest, bytes);
    const samples = Object.fromEntries(Object.keys(sides).map((side) => [side, []]));
    for (const call of Object.values(sides)) await timeEach(WARM_UP, () => call(event));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? Object.keys(sides) : Object.keys(sides).reverse();
      for (const side of order) {
        samples[side].push(...(await timeEach(CALLS[label], () => sides[side](event))));
      }
    }
    warm[label] = Object.fromEntries(
      Object.entries(samples).map(([side, values]) => [side, median(values)]),
    );
  }
  await fn.dispose();
  echo.stop();

  // Cold starts spaced apart, as after an edit in `pnpm dev` or between test files: from the
  // second on, a started process waits in reserve (process-reserve.ts).
  const wall = [];
  const init = [];
  const event = eventOfSize(originRequest, SIZES['1 KB']);
  for (let i = 0; i < COLD_STARTS; i++) {
    await new Promise((resolve) => setTimeout(resolve, COLD_START_PAUSE_MS));
    const cold = createFunction(handlerFile, { eventType: 'origin-request' });
    const started = performance.now();
    const outcome = await cold.invoke(event);
    wall.push(performance.now() - started);
    init.push(outcome.initDurationMs ?? Number.NaN);
    check(outcome);
    await cold.dispose();
  }

  console.log(
    `warm invocation, median per call (${ROUNDS} alternating rounds after ${WARM_UP} warm-up calls):`,
  );
  console.log(
    `  ${'event'.padEnd(7)} ${'invoke()'.padStart(10)} ${'lambda-local'.padStart(13)} ${'ratio'.padStart(6)} ${'target'.padStart(7)}   ${'quiet'.padStart(10)} ${'ratio'.padStart(6)}   ${'boundary'.padStart(10)}`,
  );
  const targets = { '1 KB': 1, '40 KB': undefined, '1 MB': 3 };
  for (const [label, result] of Object.entries(warm)) {
    const ratio = result.invoke / result['lambda-local'];
    const quiet = result.invoke / result['lambda-local quiet'];
    const target = targets[label] ? `<= ${targets[label]}x` : '';
    console.log(
      `  ${label.padEnd(7)} ${ms(result.invoke).padStart(10)} ${ms(result['lambda-local']).padStart(13)} ${`${ratio.toFixed(2)}x`.padStart(6)} ${target.padStart(7)}   ${ms(result['lambda-local quiet']).padStart(10)} ${`${quiet.toFixed(2)}x`.padStart(6)}   ${ms(result['process boundary']).padStart(10)}`,
    );
  }
  console.log(
    '  (boundary: a forked child echoing the event over the same IPC channel, no handler, no validation)',
  );
  const coldWall = median(wall);
  console.log(
    `cold start, median of ${COLD_STARTS} spaced ${COLD_START_PAUSE_MS} ms apart: ${ms(coldWall)} (target < 100 ms; initDurationMs ${ms(median(init))})`,
  );
  if (failures.length > 0) {
    throw new Error(`${failures.length} invocations did not forward the request: ${failures[0]}`);
  }
  return { warm, coldMs: coldWall };
}

if (isMain(import.meta.url)) await run();
