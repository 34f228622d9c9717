import { fileURLToPath } from 'node:url';
import { getHeader, originResponse } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectHeader, expectResponse } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';
import {
  createSecurityHeaders,
  type SecurityPolicy,
  securityHeaderLines,
} from './security-headers.ts';

const shipped = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('security-headers: the shipped policy', () => {
  it.each([200, 404, 502])('adds every header to a %i from the origin', async (status) => {
    const event = originResponse({ status, headers: { 'content-type': 'text/html' } });

    const response = expectResponse(await invoke(shipped, event), status);

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
    expect(response.headers?.['x-frame-options']?.[0]?.key).toBe('X-Frame-Options');
  });

  it('keeps a header the origin set (override is false)', async () => {
    const event = originResponse({ headers: { 'x-frame-options': 'SAMEORIGIN' } });
    const response = expectResponse(await invoke(shipped, event), 200);
    expectHeader(response, 'x-frame-options', 'SAMEORIGIN');
  });
});

describe('security-headers: policy options', () => {
  const base: SecurityPolicy = {
    strictTransportSecurity: { maxAgeSeconds: 63_072_000, includeSubDomains: true, preload: true },
    contentSecurityPolicy: false,
    contentTypeOptions: false,
    frameOptions: false,
    referrerPolicy: 'no-referrer',
  };

  it('writes only what is enabled, and replaces the origin values with override', async () => {
    const handler = createSecurityHeaders({ ...base, override: true });
    const event = originResponse({
      headers: { 'referrer-policy': 'unsafe-url', 'x-frame-options': 'ALLOWALL' },
    });

    const response = expectResponse(await invoke(handler, event), 200);

    expectHeader(
      response,
      'strict-transport-security',
      'max-age=63072000; includeSubDomains; preload',
    );
    expectHeader(response, 'referrer-policy', 'no-referrer');
    // Disabled in the policy: the origin's value is left as it was.
    expectHeader(response, 'x-frame-options', 'ALLOWALL');
    expect(getHeader(response.headers, 'content-security-policy')).toBeUndefined();
    expect(getHeader(response.headers, 'x-content-type-options')).toBeUndefined();
  });

  it.each([
    [{ strictTransportSecurity: { maxAgeSeconds: -1 } }, 'maxAgeSeconds must be a whole number'],
    [
      { strictTransportSecurity: { maxAgeSeconds: 300, preload: true } },
      'preload needs includeSubDomains',
    ],
    [{ contentSecurityPolicy: { 'default-src': ["'self' https:"] } }, 'its own array item'],
    [
      { contentSecurityPolicy: { 'Default Src': ["'self'"] } },
      '"Default Src" is not a directive name',
    ],
  ] as Array<[SecurityPolicy, string]>)(
    'refuses a policy it cannot write: %j',
    (policy, message) => {
      expect(() => securityHeaderLines(policy)).toThrow(message);
    },
  );
});
