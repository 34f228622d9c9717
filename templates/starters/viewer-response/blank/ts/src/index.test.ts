import { fileURLToPath } from 'node:url';
import { viewerResponse } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectHeader, expectResponse } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';

// Invoked by path, as CloudFront would run it: bundled, in its own container, its result
// checked against CloudFront's validation rules.
const handler = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('viewer-response handler', () => {
  it('adds X-Handled-By and keeps the status and the other headers', async () => {
    const event = viewerResponse({
      status: 200,
      headers: { 'content-type': 'text/html', etag: '"abc"' },
    });
    const received = structuredClone(event.Records[0].cf.response);

    const response = expectResponse(await invoke(handler, event), 200);

    expectHeader(response, 'x-handled-by', 'lambda-edge');
    expect(response.headers?.['content-type']).toEqual(received.headers['content-type']);
    expect(response.headers?.etag).toEqual(received.headers.etag);
  });
});
