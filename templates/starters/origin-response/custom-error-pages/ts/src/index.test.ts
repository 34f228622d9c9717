import { fileURLToPath } from 'node:url';
import { getHeader, originResponse } from '@edge-app/events';
import { invoke } from '@edge-app/runtime';
import { expectHeader, expectResponse } from '@edge-app/runtime/testing';
import { describe, expect, it } from 'vitest';
import { createErrorPages, type ErrorRules } from './error-pages.ts';
import { notFoundPage, serverErrorPage } from './pages.ts';

const shipped = fileURLToPath(new URL('./index.ts', import.meta.url));

function fromOrigin(status: number) {
  return originResponse({
    status,
    headers: { 'content-type': 'application/xml', etag: '"e1"', 'x-origin': 'kept' },
  });
}

describe('custom-error-pages: the shipped rules', () => {
  it('serves the not-found page for a 404, cached for a minute', async () => {
    const response = expectResponse(await invoke(shipped, fromOrigin(404)), 404);
    expect('body' in response && response.body).toBe(notFoundPage);
    expectHeader(response, 'content-type', 'text/html; charset=utf-8');
    expectHeader(response, 'cache-control', 'max-age=60');
    expectHeader(response, 'x-origin', 'kept');
    expect(getHeader(response.headers, 'etag')).toBeUndefined();
  });

  it('redirects a 403 to the sign-in page with no body', async () => {
    const response = expectResponse(await invoke(shipped, fromOrigin(403)), 302);
    expectHeader(response, 'location', '/login');
    expect('body' in response && response.body).toBe('');
  });

  it.each([500, 502, 504])('turns a %i into the 503 page, cached for 10 s', async (status) => {
    const response = expectResponse(await invoke(shipped, fromOrigin(status)), 503);
    expect('body' in response && response.body).toBe(serverErrorPage);
    expectHeader(response, 'cache-control', 'max-age=10');
  });

  it.each([200, 301, 410])('passes a %i through unchanged', async (status) => {
    const response = expectResponse(await invoke(shipped, fromOrigin(status)), status);
    expectHeader(response, 'content-type', 'application/xml');
    expect('body' in response ? response.body : undefined).toBeUndefined();
  });
});

describe('custom-error-pages: rules', () => {
  it('prefers an exact status over its class, and can answer 200', async () => {
    const handler = createErrorPages({
      '4xx': { page: 'class' },
      '410': { page: 'gone', status: 200 },
    });
    const gone = expectResponse(await invoke(handler, fromOrigin(410)), 200);
    expect('body' in gone && gone.body).toBe('gone');
    const other = expectResponse(await invoke(handler, fromOrigin(418)), 418);
    expect('body' in other && other.body).toBe('class');
  });

  it.each([
    [{ '200': { page: 'x' } }, 'use a 4xx/5xx status'],
    [{ '404': { page: 'x', status: 700 } }, 'outside 200–599'],
    [{ '404': { redirect: 'login' } }, 'redirect must be a path'],
  ] as Array<[ErrorRules, string]>)('refuses %j', (rules, message) => {
    expect(() => createErrorPages(rules)).toThrow(message);
  });
});
