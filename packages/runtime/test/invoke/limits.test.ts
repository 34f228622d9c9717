import { afterEach, describe, expect, it } from 'vitest';
import { invoke } from '../../src/invoke/index.ts';
import { expectError, expectForwarded } from '../../src/testing/index.ts';
import { disposeOpened, handlerPath, loadEvent, open, viewerRequestFor } from './support.ts';

afterEach(disposeOpened);

describe('timeouts', () => {
  it('stops a viewer-request handler at the real 5 s limit of the strict profile', async () => {
    const outcome = await invoke(handlerPath('sleep.mjs'), viewerRequestFor('/', 'ms=8000'));
    const error = expectError(outcome, 'LambdaLimitExceeded', 'timeout');
    expect(error.status).toBe(503);
    expect(error.message).toBe('Task timed out after 5.00 seconds');
  }, 15_000);

  it('applies a shorter configured timeout', async () => {
    const outcome = await invoke(handlerPath('sleep.mjs'), viewerRequestFor('/', 'ms=3000'), {
      timeoutSeconds: 0.3,
    });
    expect(expectError(outcome, 'LambdaLimitExceeded', 'timeout').message).toBe(
      'Task timed out after 0.30 seconds',
    );
  });

  it('terminates an infinite loop and starts a cold container for the next event', async () => {
    const fn = open(handlerPath('infinite-loop.mjs'), { timeoutSeconds: 0.3 });
    expectError(await fn.invoke(viewerRequestFor('/')), 'LambdaLimitExceeded', 'timeout');
    const next = await fn.invoke(viewerRequestFor('/'));
    expectError(next, 'LambdaLimitExceeded', 'timeout');
    expect(next.initDurationMs).toBeGreaterThan(0);
  });
});

describe('memory', () => {
  it('ends a handler that exhausts the heap with a 503 memory error', async () => {
    const outcome = await invoke(handlerPath('memory-hog.mjs'), viewerRequestFor('/'));
    const error = expectError(outcome, 'LambdaLimitExceeded', 'memory');
    expect(error.status).toBe(503);
    expect(error.message).toContain('128 MB');
  });

  it('counts memory outside the heap (Buffers) against the limit', async () => {
    const outcome = await invoke(handlerPath('buffer-hog.mjs'), viewerRequestFor('/'));
    const error = expectError(outcome, 'LambdaLimitExceeded', 'memory');
    // Ended as soon as its footprint passed 128 MB, long before the 200 MB it asks for.
    const used = Number(/\((\d+) MB in use\)/.exec(error.message)?.[1]);
    expect(used).toBeGreaterThan(128);
    expect(used).toBeLessThan(200);
  });

  it('lets an origin function use the memory it is configured with', async () => {
    const event = loadEvent('origin-request');
    const outcome = await invoke(handlerPath('buffer-hog.mjs'), event, { memoryMB: 512 });
    expectForwarded(outcome);
    expect(outcome.memoryUsedMB).toBeGreaterThanOrEqual(200);
  });
});

describe('configured limits are checked as CloudFront checks associations', () => {
  it('refuses a viewer function configured over 5 s under the strict profile', async () => {
    const outcome = await invoke(handlerPath('pass-through.mjs'), viewerRequestFor('/'), {
      timeoutSeconds: 30,
    });
    const error = expectError(outcome, 'LambdaLimitExceeded', 'config-limit');
    expect(error.message).toContain('30 Max allowed: 5');
    expect(error.fix).toContain('5 or less');
  });

  it('refuses more than 128 MB for a viewer function under the strict profile', async () => {
    const outcome = await invoke(handlerPath('pass-through.mjs'), viewerRequestFor('/'), {
      memoryMB: 1024,
    });
    expect(expectError(outcome, 'LambdaLimitExceeded', 'config-limit').message).toContain(
      '1024 Max allowed: 128',
    );
  });

  it('accepts 30 s for a viewer function under the latest profile', async () => {
    const outcome = await invoke(handlerPath('pass-through.mjs'), viewerRequestFor('/'), {
      profile: 'latest',
      timeoutSeconds: 30,
    });
    expectForwarded(outcome);
  });

  it("refuses memory below Lambda's 128 MB minimum", async () => {
    const outcome = await invoke(handlerPath('pass-through.mjs'), loadEvent('origin-request'), {
      memoryMB: 64,
    });
    expectError(outcome, 'LambdaLimitExceeded', 'config-limit');
  });
});

describe('failures are contained and classified', () => {
  it('reports a thrown error with its first stack frame', async () => {
    const error = expectError(
      await invoke(handlerPath('throws.mjs'), viewerRequestFor('/')),
      'LambdaExecutionError',
      'unhandled-error',
    );
    expect(error.status).toBe(503);
    expect(error.message).toContain('TypeError: boom in handler');
    expect(error.message).toContain('throws.mjs:3');
  });

  it('keeps the container warm after a handled throw, as Lambda does', async () => {
    const fn = open(handlerPath('throws.mjs'));
    expectError(await fn.invoke(viewerRequestFor('/')), 'LambdaExecutionError', 'unhandled-error');
    const next = await fn.invoke(viewerRequestFor('/ok'));
    expectForwarded(next);
    expect(next.initDurationMs).toBeUndefined();
  });

  it('reports an error thrown during init', async () => {
    const error = expectError(
      await invoke(handlerPath('throw-in-init.mjs'), viewerRequestFor('/')),
      'LambdaExecutionError',
      'init-error',
    );
    expect(error.message).toContain('SyntaxError');
  });

  it('contains process.exit in the handler and keeps the lines logged before it', async () => {
    const fn = open(handlerPath('exit-in-handler.mjs'));
    const outcome = await fn.invoke(viewerRequestFor('/'));
    expect(expectError(outcome, 'LambdaExecutionError', 'process-exit').message).toContain(
      'exit status 3',
    );
    expect(outcome.logs.map((l) => l.message)).toContain('about to exit');
    const next = await fn.invoke(viewerRequestFor('/'));
    expect(next.initDurationMs).toBeGreaterThan(0);
  });

  it('contains process.exit during init', async () => {
    const outcome = await invoke(handlerPath('exit-in-init.mjs'), viewerRequestFor('/'));
    expect(expectError(outcome, 'LambdaExecutionError', 'process-exit').message).toContain(
      'exit status 2',
    );
    expect(outcome.logs.map((l) => l.message)).toContain('exiting during init');
  });

  it('contains an exception that escapes the handler and recovers with a new container', async () => {
    const fn = open(handlerPath('crash.mjs'));
    const error = expectError(
      await fn.invoke(viewerRequestFor('/')),
      'LambdaExecutionError',
      'runtime-crash',
    );
    expect(error.message).toContain('RangeError: escaped from a timer');
    await fn.reload(handlerPath('pass-through.mjs'));
    expectForwarded(await fn.invoke(viewerRequestFor('/after')));
  });
});
