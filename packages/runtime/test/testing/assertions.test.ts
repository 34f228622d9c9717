import { describe, expect, it } from 'vitest';
import type { InvokeOutcome } from '../../src/invoke/index.ts';
import {
  EdgeAssertionError,
  expectError,
  expectForwarded,
  expectHeader,
  expectRedirect,
  expectResponse,
} from '../../src/testing/index.ts';

const meta = { logs: [], durationMs: 1, memoryUsedMB: 10, warnings: [] };

const forwarded: InvokeOutcome = {
  kind: 'request',
  request: {
    clientIp: '203.0.113.178',
    method: 'GET',
    uri: '/docs',
    querystring: 'a=1',
    headers: {
      host: [{ key: 'Host', value: 'example.com' }],
      accept: [{ key: 'Accept', value: 'text/html' }],
    },
  },
  ...meta,
};
const redirect: InvokeOutcome = {
  kind: 'response',
  generated: true,
  response: {
    status: '302',
    headers: { location: [{ key: 'Location', value: 'https://example.com/login' }] },
  },
  ...meta,
};
const validationError: InvokeOutcome = {
  kind: 'error',
  errorType: 'LambdaValidationError',
  status: 502,
  rule: 'read-only-header',
  message: 'The function tried to add, delete, or change a read-only header: host',
  fix: 'Leave Host as it is.',
  ...meta,
  logs: [{ level: 'log', message: 'changing host', time: 1 }],
};

function failure(run: () => unknown): EdgeAssertionError {
  try {
    run();
  } catch (error) {
    if (error instanceof EdgeAssertionError) return error;
    throw error;
  }
  throw new Error('expected the assertion to fail');
}

describe('expectForwarded', () => {
  it('returns the request', () => {
    expect(expectForwarded(forwarded).uri).toBe('/docs');
  });

  it('says what came instead, with the rule, message and last log lines', () => {
    const error = failure(() => expectForwarded(validationError));
    expect(error.message).toBe(
      'expected a forwarded request, got a 502 LambdaValidationError (read-only-header): The function tried to add, delete, or change a read-only header: host\nLast log lines:\n  [log] changing host',
    );
    expect(error.name).toBe('AssertionError');
  });
});

describe('expectResponse', () => {
  it('accepts a number or a string status', () => {
    expect(expectResponse(redirect, 302).status).toBe('302');
    expect(expectResponse(redirect, '302').status).toBe('302');
  });

  it('fails on another status, carrying actual and expected for the diff', () => {
    const error = failure(() => expectResponse(redirect, 200));
    expect(error.message).toBe('expected a 200 response, got a 302 response');
    expect([error.actual, error.expected]).toEqual(['302', '200']);
  });

  it('fails on a forwarded request', () => {
    expect(failure(() => expectResponse(forwarded)).message).toBe(
      'expected a response, got a forwarded request (GET /docs?a=1)',
    );
  });
});

describe('expectRedirect', () => {
  it('checks the status is a redirect and the location', () => {
    expect(expectRedirect(redirect, 'https://example.com/login').status).toBe('302');
    expect(expectRedirect(redirect, 'https://example.com/login', 302).status).toBe('302');
  });

  it('fails on the wrong location', () => {
    expect(failure(() => expectRedirect(redirect, '/elsewhere')).message).toBe(
      'expected header "location" to be "/elsewhere", got "https://example.com/login"',
    );
  });

  it('fails on a status that is not a redirect', () => {
    const ok: InvokeOutcome = {
      ...redirect,
      response: { ...redirect.response, status: '200' },
    } as InvokeOutcome;
    expect(failure(() => expectRedirect(ok, 'https://example.com/login')).message).toContain(
      'expected a redirect (301, 302, 303, 307, 308)',
    );
  });
});

describe('expectHeader', () => {
  const request = expectForwarded(forwarded);

  it('finds a header in any case and returns its value', () => {
    expect(expectHeader(request, 'Accept')).toBe('text/html');
    expect(expectHeader(request, 'accept', /html/)).toBe('text/html');
  });

  it('takes the outcome itself, and says so when it carries no headers', () => {
    expect(expectHeader(forwarded, 'host', 'example.com')).toBe('example.com');
    expect(expectHeader(redirect, 'location')).toBe('https://example.com/login');
    expect(failure(() => expectHeader(validationError, 'host')).message).toMatch(
      /^expected a request or response with a "host" header, got a 502 LambdaValidationError \(read-only-header\)/,
    );
  });

  it('lists the headers present when the one asked for is missing', () => {
    expect(failure(() => expectHeader(request, 'x-missing')).message).toBe(
      'expected a "x-missing" header, got only: host, accept',
    );
  });

  it('shows the value that came instead', () => {
    expect(failure(() => expectHeader(request, 'host', 'other.com')).message).toBe(
      'expected header "host" to be "other.com", got "example.com"',
    );
  });
});

describe('expectError', () => {
  it('returns the error outcome', () => {
    expect(expectError(validationError, 'LambdaValidationError', 'read-only-header').status).toBe(
      502,
    );
  });

  it('fails on another rule', () => {
    expect(
      failure(() => expectError(validationError, 'LambdaValidationError', 'disallowed-header'))
        .message,
    ).toMatch(
      /^expected a LambdaValidationError \(disallowed-header\), got a 502 LambdaValidationError \(read-only-header\)/,
    );
  });

  it('fails on a success', () => {
    expect(failure(() => expectError(redirect, 'LambdaExecutionError')).message).toBe(
      'expected a LambdaExecutionError, got a 302 generated response',
    );
  });
});
