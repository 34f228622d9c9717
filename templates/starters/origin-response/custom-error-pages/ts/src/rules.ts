/**
 * What to show instead of the origin's error responses. Keys are a status (`'404'`) or a class
 * (`'4xx'`, `'5xx'`); an exact status wins over its class. Statuses without a rule pass through.
 */
import type { ErrorRules } from './error-pages.ts';
import { notFoundPage, serverErrorPage } from './pages.ts';

export const rules: ErrorRules = {
  '404': { page: notFoundPage, cacheSeconds: 60 },
  // Private pages the origin refuses: send the viewer to sign in.
  '403': { redirect: '/login', status: 302 },
  // Errors are cached for as long as cacheSeconds: keep it short so a recovered origin shows.
  '5xx': { page: serverErrorPage, status: 503, cacheSeconds: 10 },
};
