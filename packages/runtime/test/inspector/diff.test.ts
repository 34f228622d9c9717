/** What a function changed, field by field, for each kind of result. */
import { originRequest, originResponse, viewerRequest, viewerResponse } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { resultChanges } from '../../src/inspector/diff.ts';
import type { InvokeOutcome } from '../../src/invoke/index.ts';

const meta = { logs: [], warnings: [], durationMs: 1, memoryUsedMB: 40 };

describe('resultChanges', () => {
  it('lists a forwarded request’s changed URI, query string, headers and body', () => {
    const event = viewerRequest({
      uri: '/old',
      querystring: 'a=1',
      headers: { 'x-gone': 'bye', 'x-kept': 'same', 'x-changed': 'before' },
      body: 'one',
    });
    const request = structuredClone(event.Records[0].cf.request);
    request.uri = '/new';
    request.querystring = 'a=2';
    delete request.headers['x-gone'];
    request.headers['x-changed'] = [{ key: 'X-Changed', value: 'after' }];
    request.headers['x-new'] = [{ value: 'hello' }];
    request.body = { action: 'replace', encoding: 'text', data: 'two', inputTruncated: false };
    const outcome: InvokeOutcome = { kind: 'request', request, ...meta };
    expect(resultChanges(event, outcome)).toEqual([
      { field: 'uri', before: '/old', after: '/new' },
      { field: 'querystring', before: 'a=1', after: 'a=2' },
      { field: 'header x-gone', before: 'bye' },
      { field: 'header x-changed', before: 'before', after: 'after' },
      { field: 'body', before: '(base64) b25l', after: 'two' },
      { field: 'header x-new', after: 'hello' },
    ]);
  });

  it('reports nothing for a request returned as it came, whatever the header keys', () => {
    const event = originRequest({ uri: '/same', headers: { 'x-a': 'b' } });
    const request = structuredClone(event.Records[0].cf.request);
    for (const lines of Object.values(request.headers)) for (const line of lines) delete line.key;
    expect(resultChanges(event, { kind: 'request', request, ...meta })).toEqual([]);
  });

  it('shows an origin change as one field', () => {
    const event = originRequest({ uri: '/' });
    const request = structuredClone(event.Records[0].cf.request);
    request.origin = {
      s3: { authMethod: 'none', customHeaders: {}, domainName: 'b.s3.amazonaws.com', path: '/p' },
    };
    const [change] = resultChanges(event, { kind: 'request', request, ...meta });
    expect(change).toEqual({
      field: 'origin',
      before: 'https://example.org:443',
      after: 's3://b.s3.amazonaws.com/p',
    });
  });

  it('shows a generated response as all new', () => {
    const event = viewerRequest({ uri: '/login' });
    const outcome: InvokeOutcome = {
      kind: 'response',
      generated: true,
      response: {
        status: '302',
        statusDescription: 'Found',
        headers: { location: [{ key: 'Location', value: '/sign-in' }] },
      },
      ...meta,
    };
    expect(resultChanges(event, outcome)).toEqual([
      { field: 'status', after: '302' },
      { field: 'statusDescription', after: 'Found' },
      { field: 'header location', after: '/sign-in' },
    ]);
  });

  it('lists a response trigger’s status, headers and new body; an omitted description is no change', () => {
    const event = originResponse({ status: 200, headers: { 'cache-control': 'no-cache' } });
    const outcome: InvokeOutcome = {
      kind: 'response',
      generated: false,
      response: {
        status: '404',
        headers: { 'cache-control': [{ key: 'Cache-Control', value: 'max-age=60' }] },
        body: 'not here',
      },
      ...meta,
    };
    expect(resultChanges(event, outcome)).toEqual([
      { field: 'status', before: '200', after: '404' },
      { field: 'header cache-control', before: 'no-cache', after: 'max-age=60' },
      { field: 'body', after: 'not here' },
    ]);
  });

  it('has nothing to show for a failure', () => {
    const outcome: InvokeOutcome = {
      kind: 'error',
      errorType: 'LambdaExecutionError',
      status: 503,
      rule: 'unhandled-error',
      message: 'boom',
      fix: 'catch it',
      ...meta,
    };
    expect(resultChanges(viewerResponse(), outcome)).toEqual([]);
  });
});
