import { fileURLToPath } from 'node:url';
import { getHeaders, viewerResponse } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectResponse } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';

const shipped = fileURLToPath(new URL('./index.ts', import.meta.url));

async function setCookies(
  requestHeaders: Record<string, string>,
  responseHeaders: Record<string, string | string[]> = {},
) {
  const event = viewerResponse({ request: { headers: requestHeaders }, headers: responseHeaders });
  const response = expectResponse(await invoke(shipped, event), 200);
  return getHeaders(response.headers, 'set-cookie');
}

describe('ab-testing (viewer-response)', () => {
  it('sets the cookie for a newly assigned viewer, beside the origin cookies', async () => {
    const cookies = await setCookies(
      { 'x-ab-variant': 'new-home' },
      { 'set-cookie': 'session=abc; Path=/; HttpOnly' },
    );
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toBe('session=abc; Path=/; HttpOnly');
    const [pair, ...attributes] = (cookies[1] ?? '').split('; ');
    expect(pair).toBe('ab-variant=new-home');
    expect(attributes.sort()).toEqual(['Max-Age=2592000', 'Path=/', 'SameSite=Lax', 'Secure']);
  });

  it('replaces a cookie that names another variant', async () => {
    const cookies = await setCookies({ 'x-ab-variant': 'control', cookie: 'ab-variant=retired' });
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^ab-variant=control;/);
  });

  it('sets nothing when the viewer already has the cookie', async () => {
    expect(
      await setCookies({ 'x-ab-variant': 'control', cookie: 'a=1; ab-variant=control' }),
    ).toEqual([]);
  });

  it('sets nothing outside the experiment (no variant header)', async () => {
    expect(await setCookies({ cookie: 'a=1' })).toEqual([]);
  });
});
