import { fileURLToPath } from 'node:url';
import { originResponse } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectResponse } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';

// Invoked by path, as CloudFront would run it: in its own python3 process, its result
// checked against CloudFront's validation rules.
const handler = fileURLToPath(new URL('../src/index.py', import.meta.url));

describe('origin-response handler', () => {
  it.each([200, 404, 503])('passes a %i from the origin through to the cache', async (status) => {
    const event = originResponse({
      status,
      headers: { 'content-type': 'text/html', 'cache-control': 'max-age=60' },
    });
    const received = structuredClone(event.Records[0].cf.response);

    const outcome = await invoke(handler, event);

    const response = expectResponse(outcome, status);
    expect(response.headers).toEqual(received.headers);
    // No body set: CloudFront keeps the origin's body.
    expect('body' in response ? response.body : undefined).toBeUndefined();
  });
});
