import { describe, expect, it } from 'vitest';
import { createFunction, invoke } from '../../src/invoke/index.ts';
import { expectError, expectForwarded } from '../../src/testing/index.ts';
import { handlerPath, viewerRequestFor } from './support.ts';

describe('results travel as JSON, as Lambda sends them', () => {
  it('fails a result JSON cannot encode with Runtime.MarshalError', async () => {
    const error = expectError(
      await invoke(handlerPath('circular.mjs'), viewerRequestFor('/')),
      'LambdaExecutionError',
      'marshal-error',
    );
    expect(error.message).toContain('Runtime.MarshalError');
    expect(error.message).toMatch(/circular/i);
  });

  it('does the same for an in-process handler', async () => {
    const cyclic: Record<string, unknown> = { status: '200' };
    cyclic.loop = cyclic;
    expectError(
      await invoke(async () => cyclic, viewerRequestFor('/')),
      'LambdaExecutionError',
      'marshal-error',
    );
  });

  it('fails a function result in a container as it does in-process', async () => {
    for (const handler of [handlerPath('returns-function.mjs'), async () => () => 'not data']) {
      expectError(
        await invoke(handler, viewerRequestFor('/')),
        'LambdaExecutionError',
        'marshal-error',
      );
    }
  });

  it('drops fields JSON drops', async () => {
    const request = expectForwarded(
      await invoke(handlerPath('json-result.mjs'), viewerRequestFor('/json')),
    );
    expect(request.uri).toBe('/json');
    expect('body' in request).toBe(false);
  });
});

describe('a container that dies while idle', () => {
  it('is replaced by a fresh one for the next event', async () => {
    const fn = createFunction(handlerPath('late-rejection.mjs'));
    try {
      expectForwarded(await fn.invoke(viewerRequestFor('/one')));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const next = await fn.invoke(viewerRequestFor('/two'));
      expect(expectForwarded(next).uri).toBe('/two');
      expect(next.initDurationMs).toBeGreaterThan(0);
    } finally {
      await fn.dispose();
    }
  });
});
