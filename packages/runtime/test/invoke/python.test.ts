import { afterEach, describe, expect, it } from 'vitest';
import { invoke, RuntimeSetupError } from '../../src/invoke/index.ts';
import {
  expectError,
  expectForwarded,
  expectHeader,
  expectResponse,
} from '../../src/testing/index.ts';
import {
  disposeOpened,
  handlerPath,
  loadEvent,
  open,
  originResponseWithQuery,
  viewerRequestFor,
} from './support.ts';

const python = (file: string) => handlerPath(`python/${file}`);
afterEach(disposeOpened);

describe('Python handlers', () => {
  it('passes the four Developer Guide events through', async () => {
    for (const eventType of [
      'viewer-request',
      'origin-request',
      'origin-response',
      'viewer-response',
    ] as const) {
      const outcome = await invoke(python('pass_through.py'), loadEvent(eventType));
      expect(outcome.kind).toBe(eventType.endsWith('request') ? 'request' : 'response');
    }
  });

  it('keeps a warm process between invocations and measures the cold start once', async () => {
    const fn = open(python('counter.py'));
    const first = await fn.invoke(viewerRequestFor('/'));
    const second = await fn.invoke(viewerRequestFor('/'));
    expectHeader(expectForwarded(first), 'x-invocations', '1');
    expectHeader(expectForwarded(second), 'x-invocations', '2');
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second.initDurationMs).toBeUndefined();
    expect(second.memoryUsedMB).toBeGreaterThan(0);
  });

  it('gives the context fields and captures print, logging and stderr', async () => {
    const outcome = await invoke(python('context_and_logs.py'), viewerRequestFor('/'), {
      functionName: 'py-fn',
      timeoutSeconds: 3,
    });
    const response = expectResponse(outcome, 200);
    const context = JSON.parse(response.body ?? '{}');
    expect(context).toMatchObject({
      function_name: 'py-fn',
      function_version: '1',
      invoked_function_arn: 'arn:aws:lambda:us-east-1:123456789012:function:py-fn:1',
      memory_limit_in_mb: '128',
      log_group_name: '/aws/lambda/us-east-1.py-fn',
    });
    expect(context.aws_request_id).toMatch(/^[0-9a-f-]{36}$/);
    const [before, after] = context.remaining as [number, number];
    expect(before).toBeLessThanOrEqual(3000);
    expect(after).toBeLessThan(before);
    expect(outcome.logs.map(({ level, message }) => [level, message])).toEqual([
      ['log', 'init line'],
      ['log', 'printed 42'],
      ['info', '[INFO] logged info'],
      ['warn', '[WARNING] logged warning'],
      ['error', 'to stderr'],
    ]);
  });

  it('kills a process that runs past the timeout', async () => {
    const fn = open(python('slow.py'), { timeoutSeconds: 0.5 });
    const outcome = await fn.invoke(viewerRequestFor('/'));
    expect(expectError(outcome, 'LambdaLimitExceeded', 'timeout').message).toBe(
      'Task timed out after 0.50 seconds',
    );
    const next = await fn.invoke(viewerRequestFor('/'));
    expect(next.initDurationMs).toBeGreaterThan(0);
  });

  it('reports an exception with the line it came from', async () => {
    const error = expectError(
      await invoke(python('raises.py'), viewerRequestFor('/')),
      'LambdaExecutionError',
      'unhandled-error',
    );
    expect(error.message).toContain("KeyError: 'authorization'");
    expect(error.message).toMatch(/at lookup \(.*raises\.py:2\)/);
  });

  it('reports an exception during import as an init error', async () => {
    const error = expectError(
      await invoke(python('init_error.py'), viewerRequestFor('/')),
      'LambdaExecutionError',
      'init-error',
    );
    expect(error.message).toContain('JSONDecodeError');
  });

  it('reports a missing handler function', async () => {
    const error = expectError(
      await invoke(python('no_handler.py'), viewerRequestFor('/')),
      'LambdaExecutionError',
      'handler-not-found',
    );
    expect(error.message).toContain('main');
  });

  it('fails a result JSON cannot encode with Runtime.MarshalError', async () => {
    const error = expectError(
      await invoke(python('returns_set.py'), viewerRequestFor('/')),
      'LambdaExecutionError',
      'marshal-error',
    );
    expect(error.message).toContain('not JSON serializable');
  });

  it('contains sys.exit', async () => {
    const outcome = await invoke(python('exits.py'), viewerRequestFor('/'));
    expect(expectError(outcome, 'LambdaExecutionError', 'process-exit').message).toContain(
      'exit status 4',
    );
  });

  it.runIf(process.platform === 'linux')(
    'stops a handler that exceeds its memory with a 503',
    async () => {
      const outcome = await invoke(python('memory_hog.py'), viewerRequestFor('/'));
      expect(expectError(outcome, 'LambdaLimitExceeded', 'memory').message).toContain('128 MB');
    },
  );

  it('says how to install Python when the interpreter is missing', async () => {
    const attempt = invoke(python('pass_through.py'), viewerRequestFor('/'), {
      python: '/nonexistent/python3',
    });
    await expect(attempt).rejects.toBeInstanceOf(RuntimeSetupError);
    await expect(attempt).rejects.toThrow(/Python 3 is needed to run .*pass_through\.py/);
    const error = await attempt.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof RuntimeSetupError)) throw new Error('expected a RuntimeSetupError');
    expect(error.hint).toContain('apt-get install python3');
  });

  it('reports a change to the read-only request of a response event, and only a change', async () => {
    const fn = open(python('changes_request.py'));
    const changed = await fn.invoke(originResponseWithQuery('change=1'));
    expect(expectError(changed, 'LambdaValidationError', 'request-read-only').message).toMatch(
      /request\.uri/,
    );
    const untouched = await fn.invoke(originResponseWithQuery(''));
    expectHeader(expectResponse(untouched), 'x-seen', 'yes');
  });

  it('refuses an event JSON cannot encode with a setup error, and the process stays usable', async () => {
    const fn = open(python('counter.py'));
    const event = viewerRequestFor('/') as unknown as Record<string, unknown>;
    event.size = 10n;
    await expect(fn.invoke(event as never)).rejects.toBeInstanceOf(RuntimeSetupError);
    expectHeader(expectForwarded(await fn.invoke(viewerRequestFor('/'))), 'x-invocations', '1');
  });
});
