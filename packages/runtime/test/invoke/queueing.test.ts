/**
 * A Node.js container holds a second invocation while it runs one, when every container the
 * function may have is busy (invocation-channel.ts says why). It must not show: the second
 * runs after the first in the same container, on its own clock and with its own logs, and
 * runs in another container when the first ends this one.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InvokeOutcome } from '../../src/invoke/index.ts';
import { IsolatedContainer } from '../../src/invoke/isolated-container.ts';
import { expectError, expectForwarded, expectHeader } from '../../src/testing/index.ts';
import { disposeOpened, handlerPath, loadEvent, open, viewerRequestFor } from './support.ts';

afterEach(disposeOpened);

interface Probe {
  container: string;
  started: number;
  ended: number;
  remaining: number;
}

function probe(outcome: InvokeOutcome): Probe {
  return JSON.parse(expectHeader(expectForwarded(outcome), 'x-probe')) as Probe;
}

/**
 * One container at most, warm: the second of two concurrent invocations waits inside it. (While
 * the first container is still being created, the second waits in the function's queue.)
 */
async function warmOne(options: Parameters<typeof open>[1] = {}) {
  const fn = open(handlerPath('queue-probe.mjs'), { maxContainers: 1, ...options });
  probe(await fn.invoke(viewerRequestFor('/warm')));
  return fn;
}

describe('an invocation waiting inside a busy container', () => {
  it('runs after the one before it, in the same container', async () => {
    const fn = await warmOne();
    const [first, second] = await Promise.all([
      fn.invoke(viewerRequestFor('/first', 'ms=80')),
      fn.invoke(viewerRequestFor('/second')),
    ]);
    const [a, b] = [probe(first), probe(second)];
    expect(b.container).toBe(a.container);
    expect(b.started).toBeGreaterThanOrEqual(a.ended);
    expect(first.initDurationMs).toBeUndefined();
    expect(second.initDurationMs).toBeUndefined();
  });

  it('gets its full timeout from when it starts, not from when it was handed over', async () => {
    const fn = await warmOne({ timeoutSeconds: 0.5 });
    // Together they take 600 ms: more than one timeout, less than two.
    const [first, second] = await Promise.all([
      fn.invoke(viewerRequestFor('/first', 'ms=300')),
      fn.invoke(viewerRequestFor('/second', 'ms=300')),
    ]);
    expect(probe(first).container).toBe(probe(second).container);
    // getRemainingTimeInMillis counts from its own start too (it waited ~300 ms).
    expect(probe(second).remaining).toBeGreaterThan(400);
  });

  it('keeps its own log lines apart from those of the one before', async () => {
    const fn = await warmOne();
    const both = Promise.all([
      fn.invoke(viewerRequestFor('/first', 'log=one&ms=50')),
      fn.invoke(viewerRequestFor('/second', 'log=two')),
    ]);
    // Keep this thread busy until both have run, so both answers and all four lines are
    // waiting to be read together.
    const until = Date.now() + 300;
    while (Date.now() < until);
    const [first, second] = await both;
    expect(probe(first).container).toBe(probe(second).container);
    expect(first.logs.map((line) => line.message)).toEqual(['one', 'one again']);
    expect(second.logs.map((line) => line.message)).toEqual(['two', 'two again']);
  });

  it('runs in a fresh container when the one before ends the thread', async () => {
    const fn = await warmOne();
    const [first, second] = await Promise.all([
      fn.invoke(viewerRequestFor('/first', 'log=bye&end=exit')),
      fn.invoke(viewerRequestFor('/second', 'log=hello')),
    ]);
    expect(expectError(first, 'LambdaExecutionError', 'process-exit').message).toContain(
      'exit status 3',
    );
    expect(first.logs.map((line) => line.message)).toEqual(['bye']);
    expect(second.initDurationMs).toBeGreaterThan(0);
    expect(second.logs.map((line) => line.message)).toEqual(['hello', 'hello again']);
    probe(second);
  });

  it('runs in a fresh container when the one before times out', async () => {
    const fn = await warmOne({ timeoutSeconds: 0.3 });
    const [first, second] = await Promise.all([
      fn.invoke(viewerRequestFor('/first', 'end=loop')),
      fn.invoke(viewerRequestFor('/second')),
    ]);
    expectError(first, 'LambdaLimitExceeded', 'timeout');
    expect(second.initDurationMs).toBeGreaterThan(0);
    expect(expectForwarded(second).uri).toBe('/second');
  });

  it('keeps events and results too large for the shared areas in order', async () => {
    const fn = open(handlerPath('pass-through.mjs'), { includeBody: true, maxContainers: 1 });
    expectForwarded(await fn.invoke(loadEvent('origin-request')));
    // Through the side port both ways, two at a time: each must get its own body back.
    const bodies = ['a', 'b', 'c', 'd'].map((fill) =>
      Buffer.alloc(100_000, fill).toString('base64'),
    );
    const outcomes = await Promise.all(
      bodies.map((data) => {
        const event = loadEvent('origin-request');
        event.Records[0].cf.request.body = {
          inputTruncated: false,
          action: 'read-only',
          encoding: 'base64',
          data,
        };
        return fn.invoke(event);
      }),
    );
    expect(outcomes.map((outcome) => expectForwarded(outcome).body?.data)).toEqual(bodies);
  });
});

/** A container whose thread is a script: the test says what arrives and in which order. */
class ScriptedContainer extends IsolatedContainer {
  override readonly depth = 2;
  protected readonly enforcesMeasuredMemory = false;
  readonly sent: Array<{ id: number }> = [];

  protected launch(): void {
    queueMicrotask(() =>
      this.signal({ type: 'message', message: { type: 'ready', memoryUsedMB: 1 } }),
    );
  }

  protected send(json: string): boolean {
    this.sent.push(JSON.parse(json) as { id: number });
    return true;
  }

  protected async kill(): Promise<void> {
    this.dead = true;
  }

  logLine(message: string): void {
    this.log({ level: 'log', message, time: Date.now() });
  }

  answer(id: number, logCount: number): void {
    const message = {
      type: 'result',
      id,
      logCount,
      durationMs: 1,
      memoryUsedMB: 1,
      ok: true,
    } as const;
    this.signal({ type: 'message', message });
  }
}

describe('log lines of invocations that follow each other in one container', () => {
  it('go to the invocation that wrote them, when the next one’s lines arrive before the answer', async () => {
    const container = new ScriptedContainer({
      handlerName: 'handler',
      functionName: 'scripted',
      functionVersion: '1',
      memoryMB: 128,
      globals: {},
    });
    const request = { event: {}, timeoutMs: 1000, requestId: 'r' };
    const first = container.invoke(request);
    const second = container.invoke(request);
    await vi.waitFor(() => expect(container.sent).toHaveLength(2));
    // Answers and log lines travel different ways; here the second's line overtakes the first's
    // answer, which says one line came before it.
    container.logLine('from the first');
    container.logLine('from the second');
    container.answer(1, 1);
    container.answer(2, 2);
    expect((await first)?.logs.map((line) => line.message)).toEqual(['from the first']);
    expect((await second)?.logs.map((line) => line.message)).toEqual(['from the second']);
  });
});
