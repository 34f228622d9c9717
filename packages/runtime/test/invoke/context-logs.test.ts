import type { LambdaContext } from '@edge-app/events';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { invoke } from '../../src/invoke/index.ts';
import { expectForwarded, expectHeader, expectResponse } from '../../src/testing/index.ts';
import { handlerPath, loadEvent, viewerRequestFor } from './support.ts';

// Set before any container starts in this file, so every container could have inherited it.
const HOST_ONLY = 'only on the host';
process.env.EDGE_TEST_SETTING = HOST_ONLY;
afterAll(() => {
  delete process.env.EDGE_TEST_SETTING;
});

/** The context as handlers/context.mjs reports it: its fields, and two remaining-time reads. */
type ContextSeen = Omit<LambdaContext, 'getRemainingTimeInMillis'> & {
  remaining: [number, number];
};

async function contextOf(
  options: Parameters<typeof invoke>[2] = {},
  event: Parameters<typeof invoke>[1] = viewerRequestFor('/'),
): Promise<ContextSeen> {
  const outcome = await invoke(handlerPath('context.mjs'), event, options);
  const response = expectResponse(outcome, 200);
  expectHeader(response, 'content-type', 'application/json');
  return JSON.parse(response.body ?? '{}') as ContextSeen;
}

describe('the context object', () => {
  it('has the fields Lambda gives a Lambda@Edge function', async () => {
    const context = await contextOf({ functionName: 'auth-check' });
    expect(context.functionName).toBe('auth-check');
    expect(context.functionVersion).toBe('1');
    expect(context.invokedFunctionArn).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:auth-check:1',
    );
    expect(context.memoryLimitInMB).toBe('128');
    expect(context.awsRequestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(context.logGroupName).toBe('/aws/lambda/us-east-1.auth-check');
    expect(context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[1\][0-9a-f]{32}$/);
    expect(context.callbackWaitsForEmptyEventLoop).toBe(true);
  });

  it('names the function after its package when no name is given', async () => {
    expect((await contextOf()).functionName).toBe('context');
  });

  it('gives a new request id per invocation', async () => {
    const [a, b] = await Promise.all([contextOf(), contextOf()]);
    expect(a.awsRequestId).not.toBe(b.awsRequestId);
  });

  it('counts the remaining time down from the timeout', async () => {
    const { remaining } = await contextOf({ timeoutSeconds: 2 });
    const [before, after] = remaining;
    expect(before).toBeLessThanOrEqual(2000);
    expect(before).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
  });

  it('reports the configured memory of an origin function', async () => {
    const context = await contextOf({ memoryMB: 512 }, loadEvent('origin-request'));
    expect(context.memoryLimitInMB).toBe('512');
  });
});

describe('environment variables', () => {
  it("holds Lambda's reserved variables and none of the host's own settings", async () => {
    const outcome = await invoke(handlerPath('environment.mjs'), viewerRequestFor('/'), {
      functionName: 'env-fn',
    });
    const env = JSON.parse(expectResponse(outcome, 200).body ?? '{}') as Record<string, string>;
    expect(process.env.EDGE_TEST_SETTING).toBe(HOST_ONLY);
    expect(env.EDGE_TEST_SETTING).toBeUndefined();
    expect(env).toMatchObject({
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'env-fn',
      AWS_LAMBDA_FUNCTION_VERSION: '1',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/us-east-1.env-fn',
      _HANDLER: 'index.handler',
    });
  });
});

describe('logs', () => {
  it('captures console output per invocation, init lines included, without printing it', async () => {
    const printed = vi.spyOn(process.stdout, 'write');
    try {
      const outcome = await invoke(handlerPath('logs.mjs'), viewerRequestFor('/'));
      expectForwarded(outcome);
      expect(outcome.logs.map(({ level, message }) => [level, message])).toEqual([
        ['log', 'init line'],
        ['log', 'log formatted { n: 1 }'],
        ['info', 'info line'],
        ['warn', 'warn line'],
        ['error', 'error line'],
        ['debug', 'debug line'],
        ['log', 'raw stdout line'],
      ]);
      for (const line of outcome.logs) expect(line.time).toBeGreaterThan(0);
      const echoed = printed.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(echoed).not.toContain('warn line');
    } finally {
      printed.mockRestore();
    }
  });
});
