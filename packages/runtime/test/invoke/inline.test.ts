import type { ViewerRequestEvent } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { createFunction, invoke } from '../../src/invoke/index.ts';
import { expectError, expectForwarded } from '../../src/testing/index.ts';
import { viewerRequestFor } from './support.ts';

describe('a function handler runs in-process', () => {
  it("gets a copy of the event, so the caller's stays as it was", async () => {
    const event = viewerRequestFor('/original');
    const outcome = await invoke(async (e: ViewerRequestEvent) => {
      e.Records[0].cf.request.uri = '/changed';
      return e.Records[0].cf.request;
    }, event);
    expect(expectForwarded(outcome).uri).toBe('/changed');
    expect(event.Records[0].cf.request.uri).toBe('/original');
  });

  it('still applies the timeout', async () => {
    const outcome = await invoke(() => new Promise(() => {}), viewerRequestFor('/'), {
      timeoutSeconds: 0.2,
    });
    expect(expectError(outcome, 'LambdaLimitExceeded', 'timeout').message).toBe(
      'Task timed out after 0.20 seconds',
    );
  });

  it('captures its console output, even across awaits and concurrent invocations', async () => {
    const handler = async (event: ViewerRequestEvent) => {
      const { uri } = event.Records[0].cf.request;
      console.log(`start ${uri}`);
      await new Promise((resolve) => setTimeout(resolve, uri === '/a' ? 30 : 5));
      console.warn(`end ${uri}`);
      return event.Records[0].cf.request;
    };
    const [a, b] = await Promise.all([
      invoke(handler, viewerRequestFor('/a')),
      invoke(handler, viewerRequestFor('/b')),
    ]);
    expect(a.logs.map((l) => `${l.level} ${l.message}`)).toEqual(['log start /a', 'warn end /a']);
    expect(b.logs.map((l) => `${l.level} ${l.message}`)).toEqual(['log start /b', 'warn end /b']);
  });

  it('restores the console afterwards', async () => {
    const before = console.log;
    await invoke(async (e: ViewerRequestEvent) => e.Records[0].cf.request, viewerRequestFor('/'));
    expect(console.log).toBe(before);
  });

  it('reports thrown values that are not Error objects', async () => {
    const outcome = await invoke(() => {
      throw 'plain string';
    }, viewerRequestFor('/'));
    expect(expectError(outcome, 'LambdaExecutionError', 'unhandled-error').message).toContain(
      'plain string',
    );
  });

  it('reports a thrown object by its contents, as a worker container does', async () => {
    const outcome = await invoke(() => {
      throw { code: 'E_DENIED', status: 403 };
    }, viewerRequestFor('/'));
    expect(expectError(outcome, 'LambdaExecutionError', 'unhandled-error').message).toContain(
      "code: 'E_DENIED'",
    );
  });

  it('supports callback handlers and context', async () => {
    const fn = createFunction(
      (
        e: ViewerRequestEvent,
        context: { functionName: string },
        callback: (error: null, result: unknown) => void,
      ) => {
        e.Records[0].cf.request.uri = `/${context.functionName}`;
        callback(null, e.Records[0].cf.request);
      },
      { functionName: 'inline-fn' },
    );
    const first = await fn.invoke(viewerRequestFor('/'));
    const second = await fn.invoke(viewerRequestFor('/'));
    expect(expectForwarded(first).uri).toBe('/inline-fn');
    expect(first.warnings.map((w) => w.rule)).toEqual(['callback-handler']);
    expect(first.initDurationMs).toBeDefined();
    expect(second.initDurationMs).toBeUndefined();
    await fn.dispose();
  });
});
