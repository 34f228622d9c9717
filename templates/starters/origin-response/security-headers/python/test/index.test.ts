import { fileURLToPath } from 'node:url';
import { originResponse } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectHeader, expectResponse } from '@edge-app/runtime/testing';
import { describe, it } from 'vitest';

// Runs src/index.py in a python3 process, as the Python Lambda runtime would.
const handler = fileURLToPath(new URL('../src/index.py', import.meta.url));

describe('security-headers (Python)', () => {
  it.each([200, 404, 502])('adds every header to a %i from the origin', async (status) => {
    const event = originResponse({ status, headers: { 'content-type': 'text/html' } });

    const response = expectResponse(await invoke(handler, event), status);

    expectHeader(response, 'strict-transport-security', 'max-age=31536000; includeSubDomains');
    expectHeader(
      response,
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
    );
    expectHeader(response, 'x-content-type-options', 'nosniff');
    expectHeader(response, 'x-frame-options', 'DENY');
    expectHeader(response, 'referrer-policy', 'strict-origin-when-cross-origin');
    expectHeader(response, 'content-type', 'text/html');
  });

  it('keeps a header the origin set', async () => {
    const event = originResponse({ headers: { 'x-frame-options': 'SAMEORIGIN' } });
    const response = expectResponse(await invoke(handler, event), 200);
    expectHeader(response, 'x-frame-options', 'SAMEORIGIN');
  });
});
