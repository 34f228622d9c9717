import { fileURLToPath } from 'node:url';
import { originRequest } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectForwarded } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';

// Invoked by path, as CloudFront would run it: bundled, in its own container, its result
// checked against CloudFront's validation rules.
const handler = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('origin-request handler', () => {
  it('forwards the request to the same origin', async () => {
    const event = originRequest({ uri: '/images/logo.png', headers: { accept: 'image/*' } });
    const sent = structuredClone(event.Records[0].cf.request);

    const request = expectForwarded(await invoke(handler, event));

    expect(request.uri).toBe(sent.uri);
    expect(request.headers).toEqual(sent.headers);
    expect('origin' in request && request.origin).toEqual(sent.origin);
  });
});
