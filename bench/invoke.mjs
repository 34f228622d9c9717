#!/usr/bin/env node
// invoke() overhead: a warm invocation through a worker-thread container compared with calling
// the same handler directly in-process (median per call over N=2000 after a warm-up), and the
// cold start (container start plus module init, median over N=20). Printed, never asserted.
// Targets: warm overhead < 0.3 ms per invocation, cold start < 50 ms.
//
// Node 20 cannot run the runtime's TypeScript, so it is bundled with esbuild first, into
// bench/node_modules/.cache where `@edge-app/runtime` resolves (the bundled runtime finds its
// worker through the package's exports, as it does inside the bundled `edge` command).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMain, median, packagesDir, timeEach } from './lib.mjs';

const runtimeDir = join(packagesDir, 'runtime');
const handlerFile = join(runtimeDir, 'test', 'invoke', 'handlers', 'pass-through.mjs');
const eventFile = join(runtimeDir, 'test', 'invoke', 'events', 'viewer-request.json');

const WARM_CALLS = 2000;
const WARM_UP = 200;
const COLD_STARTS = 20;
const COLD_START_PAUSE_MS = 250;

const loadRuntime = () => import('@edge-app/runtime');

const ms = (value) => `${value.toFixed(3)} ms`;

export async function run() {
  const { createFunction } = await loadRuntime();
  const event = JSON.parse(readFileSync(eventFile, 'utf8'));
  const { handler } = await import(pathToFileURL(handlerFile).href);

  // Direct: what a test calling the handler function itself pays (with the copy of the event
  // a fair comparison needs, since a handler may mutate it).
  const direct = () => handler(structuredClone(event));
  await timeEach(WARM_UP, direct);
  const directMedian = median(await timeEach(WARM_CALLS, direct));

  const fn = createFunction(handlerFile);
  let failures = 0;
  const viaInvoke = async () => {
    const outcome = await fn.invoke(event);
    if (outcome.kind !== 'request') failures++;
  };
  await timeEach(WARM_UP, viaInvoke);
  const invokeMedian = median(await timeEach(WARM_CALLS, viaInvoke));
  await fn.dispose();

  // Spaced cold starts: as after an edit in `pnpm dev` or between test files, the runtime's
  // reserve thread has booted. Back-to-back cold starts also pay for booting a thread.
  const coldStarts = async (pauseMs) => {
    const wall = [];
    const init = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const cold = createFunction(handlerFile);
      const start = performance.now();
      const outcome = await cold.invoke(event);
      wall.push(performance.now() - start);
      init.push(outcome.initDurationMs ?? Number.NaN);
      if (outcome.kind !== 'request') failures++;
      await cold.dispose();
    }
    return { wall: median(wall), init: median(init) };
  };
  const spaced = await coldStarts(COLD_START_PAUSE_MS);
  const backToBack = await coldStarts(0);

  const overhead = invokeMedian - directMedian;
  console.log(`warm, median per call over ${WARM_CALLS} calls (after ${WARM_UP} warm-up):`);
  console.log(`  direct handler call        ${ms(directMedian)}`);
  console.log(`  invoke() warm              ${ms(invokeMedian)}`);
  console.log(`  overhead                   ${ms(overhead)}  (target < 0.300 ms)`);
  console.log(`  ratio invoke/direct        ${(invokeMedian / directMedian).toFixed(1)}x`);
  console.log(`cold start, median over ${COLD_STARTS} (first invoke, wall clock):`);
  console.log(
    `  spaced ${COLD_START_PAUSE_MS} ms apart        ${ms(spaced.wall)}  (target < 50 ms; initDurationMs ${ms(spaced.init)})`,
  );
  console.log(
    `  back to back               ${ms(backToBack.wall)}  (initDurationMs ${ms(backToBack.init)})`,
  );
  console.log(`  ratio spaced cold/warm     ${(spaced.wall / invokeMedian).toFixed(0)}x`);
  if (failures > 0) throw new Error(`${failures} invocations did not forward the request`);
  return {
    directMedian,
    invokeMedian,
    overhead,
    coldMedian: spaced.wall,
    coldBackToBackMedian: backToBack.wall,
  };
}

if (isMain(import.meta.url)) await run();
