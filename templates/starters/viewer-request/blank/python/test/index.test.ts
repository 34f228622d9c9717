import { fileURLToPath } from 'node:url';
import { viewerRequest } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectForwarded } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';

// Invoked by path, as CloudFront would run it: in its own python3 process, its result
// checked against CloudFront's validation rules.
const handler = fileURLToPath(new URL('../src/index.py', import.meta.url));

describe('viewer-request handler', () => {
  it('forwards the request unchanged', async () => {
    const event = viewerRequest({
      uri: '/docs/intro',
      querystring: 'lang=en',
      headers: { accept: 'text/html', 'user-agent': 'curl/8.5.0' },
    });
    const sent = structuredClone(event.Records[0].cf.request);

    const request = expectForwarded(await invoke(handler, event));

    expect(request.uri).toBe(sent.uri);
    expect(request.querystring).toBe(sent.querystring);
    expect(request.headers).toEqual(sent.headers);
  });
});
