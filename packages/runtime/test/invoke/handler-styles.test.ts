import { describe, expect, it } from 'vitest';
import { invoke } from '../../src/invoke/index.ts';
import { expectError, expectForwarded } from '../../src/testing/index.ts';
import { handlerPath, viewerRequestFor } from './support.ts';

describe('async and callback handlers', () => {
  it('takes an async handler result without warnings', async () => {
    const outcome = await invoke(handlerPath('pass-through.mjs'), viewerRequestFor('/async'));
    expectForwarded(outcome);
    expect(outcome.warnings).toEqual([]);
  });

  it('takes a callback result and warns that nodejs24.x removed callbacks', async () => {
    const outcome = await invoke(handlerPath('pass-through.cjs'), viewerRequestFor('/callback'));
    expect(expectForwarded(outcome).uri).toBe('/callback');
    expect(outcome.warnings.map((w) => w.rule)).toEqual(['callback-handler']);
    expect(outcome.warnings[0]?.message).toContain('nodejs24.x');
  });

  it('keeps the first of two callbacks and logs the second as a warning', async () => {
    const outcome = await invoke(handlerPath('callback-twice.cjs'), viewerRequestFor('/'));
    expect(expectForwarded(outcome).uri).toBe('/first');
    const warnings = outcome.logs.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain(
      'callback was called after the invocation had already completed',
    );
  });

  it('lets the callback win when it settles before the returned promise', async () => {
    const outcome = await invoke(
      handlerPath('promise-and-callback.mjs'),
      viewerRequestFor('/', 'callback-first'),
    );
    expect(expectForwarded(outcome).uri).toBe('/from-callback');
    expect(outcome.warnings.map((w) => w.rule)).toContain('callback-handler');
  });

  it('lets the promise win when it settles before the callback', async () => {
    const outcome = await invoke(
      handlerPath('promise-and-callback.mjs'),
      viewerRequestFor('/', 'promise-first'),
    );
    expect(expectForwarded(outcome).uri).toBe('/from-promise');
  });

  it('awaits a returned thenable even when it is a function, as Lambda does', async () => {
    const outcome = await invoke(handlerPath('callable-thenable.mjs'), viewerRequestFor('/then'));
    expect(expectForwarded(outcome).uri).toBe('/then');
    expect(outcome.logs).toEqual([]);
  });

  it('treats a synchronous return as null, as Lambda does, and says why', async () => {
    const outcome = await invoke(handlerPath('sync-return.mjs'), viewerRequestFor('/'));
    const error = expectError(outcome, 'LambdaValidationError');
    expect(error.status).toBe(502);
    expect(outcome.logs.map((l) => l.message).join('\n')).toContain(
      'ignores a synchronous return value',
    );
  });

  it('reports a callback error as a 503 LambdaExecutionError', async () => {
    const error = expectError(
      await invoke(handlerPath('callback-error.cjs'), viewerRequestFor('/')),
      'LambdaExecutionError',
      'unhandled-error',
    );
    expect(error.status).toBe(503);
    expect(error.message).toContain('denied by callback');
  });
});
