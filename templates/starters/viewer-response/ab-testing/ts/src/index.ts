import { createStickyCookie } from './sticky-cookie.ts';

/**
 * Sets the A/B variant cookie when the viewer does not have it yet (or had another value).
 * Use with the viewer-request ab-testing function on the same cache behavior.
 */
export const handler = createStickyCookie({
  cookie: 'ab-variant',
  header: 'x-ab-variant',
  // Not HttpOnly, so analytics scripts can report the variant.
  attributes: { path: '/', maxAge: 30 * 24 * 3600, secure: true, sameSite: 'Lax' },
});
