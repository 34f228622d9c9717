/**
 * Nothing a handler does ends the caller: every way a container can die is contained in the
 * container's own process, reported as CloudFront would report it (status, rule, fix, Lambda's
 * log lines), and the next event starts a fresh container. This file's own process is the
 * caller that must survive, as `pnpm dev` or a test run would.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FunctionNotice } from '../../src/invoke/index.ts';
import { expectError, expectForwarded } from '../../src/testing/index.ts';
import { disposeOpened, handlerPath, open, viewerRequestFor } from './support.ts';

afterEach(disposeOpened);
const scratch = mkdtempSync(join(tmpdir(), 'edge-faults-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const pid = process.pid;

/** A warm function of faults.mjs: the first event proves the container works. */
async function faultFunction(options: Parameters<typeof open>[1] = {}) {
  const notices: FunctionNotice[] = [];
  const fn = open(handlerPath('faults.mjs'), {
    onNotice: (notice) => notices.push(notice),
    ...options,
  });
  expectForwarded(await fn.invoke(viewerRequestFor('/warm')));
  return { fn, notices };
}

/** The event after a fault: a cold start in a new container, which works. */
async function expectRecovered(fn: Awaited<ReturnType<typeof faultFunction>>['fn']) {
  const next = await fn.invoke(viewerRequestFor('/next'));
  expect(expectForwarded(next).uri).toBe('/next');
  expect(next.initDurationMs).toBeGreaterThan(0);
  expect(process.pid).toBe(pid);
  return next;
}

function messages(outcome: { logs: Array<{ message: string }> }): string[] {
  return outcome.logs.map((line) => line.message);
}

describe('memory: the whole footprint against the memory size, a 503 memory error, never a timeout', () => {
  for (const [fault, what] of [
    ['heap', 'arrays until the heap is exhausted'],
    ['buffers', '24 Buffers of 64 MB outside the heap'],
    ['objects', 'many small objects'],
  ] as const) {
    it(`ends a handler that allocates ${what}`, async () => {
      const { fn } = await faultFunction();
      const outcome = await fn.invoke(viewerRequestFor('/', `fault=${fault}`));
      const error = expectError(outcome, 'LambdaLimitExceeded', 'memory');
      expect(error.status).toBe(503);
      expect(error.message).toContain('exceeded its 128 MB memory limit');
      expect(error.fix).toContain('Hold less in memory');
      // As Lambda logs an environment it ended for its memory.
      expect(messages(outcome)).toContain('Runtime.ExitError');
      expect(messages(outcome).some((line) => line.endsWith('signal: killed'))).toBe(true);
      await expectRecovered(fn);
    });
  }

  it('counts the runtime itself, as Lambda\u2019s "Max Memory Used" does', async () => {
    const { fn } = await faultFunction();
    const outcome = await fn.invoke(viewerRequestFor('/'));
    // A Node.js process that has loaded a module holds tens of MB before the handler does anything.
    expect(outcome.memoryUsedMB).toBeGreaterThan(20);
    expect(outcome.memoryUsedMB).toBeLessThan(128);
  });
});

describe('the container ends itself', () => {
  it('process.exit: 503 process-exit with the exit status', async () => {
    const { fn } = await faultFunction();
    const outcome = await fn.invoke(viewerRequestFor('/', 'fault=exit'));
    const error = expectError(outcome, 'LambdaExecutionError', 'process-exit');
    expect(error.status).toBe(503);
    expect(error.message).toContain('exit status 3');
    expect(error.fix).toContain('Do not call process.exit');
    expect(messages(outcome)).toContain('Runtime.ExitError');
    await expectRecovered(fn);
  });

  it('process.kill of its own process: 503 runtime-crash naming the signal', async () => {
    const { fn } = await faultFunction();
    const outcome = await fn.invoke(viewerRequestFor('/', 'fault=kill'));
    const error = expectError(outcome, 'LambdaExecutionError', 'runtime-crash');
    expect(error.message).toContain('signal: terminated');
    expect(error.fix).toContain('SIGTERM');
    await expectRecovered(fn);
  });

  it('a native crash (process.abort): 503 runtime-crash', async () => {
    const { fn } = await faultFunction();
    const outcome = await fn.invoke(viewerRequestFor('/', 'fault=abort'));
    const error = expectError(outcome, 'LambdaExecutionError', 'runtime-crash');
    expect(error.message).toContain('signal: aborted');
    await expectRecovered(fn);
  });
});

describe('time: a 503 timeout, whatever keeps the container busy', () => {
  it('an infinite loop', async () => {
    const { fn } = await faultFunction({ timeoutSeconds: 0.5 });
    const outcome = await fn.invoke(viewerRequestFor('/', 'fault=loop'));
    const error = expectError(outcome, 'LambdaLimitExceeded', 'timeout');
    expect(error.message).toBe('Task timed out after 0.50 seconds');
    expect(
      messages(outcome).some((line) => line.endsWith('Task timed out after 0.50 seconds')),
    ).toBe(true);
    await expectRecovered(fn);
  });

  it('a synchronous sleep in a child process, which ends with the container', async () => {
    const { fn } = await faultFunction({ timeoutSeconds: 0.5 });
    const pidfile = join(scratch, 'sleep.pid');
    const outcome = await fn.invoke(
      viewerRequestFor('/', `fault=sleep&pidfile=${encodeURIComponent(pidfile)}`),
    );
    expectError(outcome, 'LambdaLimitExceeded', 'timeout');
    expect(existsSync(pidfile)).toBe(true);
    const sleeper = Number(readFileSync(pidfile, 'utf8'));
    // The whole process group ended: the sleep does not outlive its container.
    await expect.poll(() => isRunning(sleeper), { timeout: 2_000 }).toBe(false);
    await expectRecovered(fn);
  });
});

describe('after the answer: the container ends while idle', () => {
  for (const [fault, expected] of [
    ['after-answer', 'RangeError: thrown from a timer after the answer'],
    ['rejection-after-answer', 'Runtime.UnhandledPromiseRejection'],
  ] as const) {
    it(`${fault}: the answer stands, the developer is told, the next event starts afresh`, async () => {
      const { fn, notices } = await faultFunction();
      expectForwarded(await fn.invoke(viewerRequestFor('/answered', `fault=${fault}`)));
      await expect.poll(() => notices.length, { timeout: 5_000 }).toBe(1);
      const [notice] = notices;
      expect(notice).toMatchObject({ kind: 'container-ended', rule: 'runtime-crash' });
      expect(notice?.kind === 'container-ended' && notice.message).toContain(expected);
      expect(notice?.kind === 'container-ended' && notice.message).toContain('idle');
      // The next event says why it is a cold start.
      const next = await expectRecovered(fn);
      expect(next.warnings[0]?.rule).toBe('runtime-crash');
      expect(next.warnings[0]?.message).toContain('The previous container ended after answering');
    });
  }
});

/** Alive and not a zombie waiting to be reaped (Linux: the state field of /proc/<pid>/stat). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}
