/**
 * URI and query string a request function writes ("Restrictions on edge functions",
 * edge-function-restrictions-all.html; docs/cloudfront-rules.md#uri-querystring).
 */
import { report, type Violations } from './rules.ts';
import { describeValue, hasControlCharacter } from './values.ts';

/** "The URI plus query string must be less than 8,192 characters." */
export const MAX_URL_CHARACTERS = 8192;

/** Spaces, control characters and `#` are not allowed in a query string a function writes. */
function hasForbiddenQueryCharacter(querystring: string): boolean {
  return querystring.includes(' ') || querystring.includes('#') || hasControlCharacter(querystring);
}

export interface UriInput {
  before: { uri: string; querystring: string };
  uri: unknown;
  querystring: unknown;
}

/** Returns the query string normalized to `""` when the function left it out. */
export function checkUriAndQuery(input: UriInput, out: Violations): string {
  const { uri, before } = input;
  if (typeof uri !== 'string' || !uri.startsWith('/')) {
    report(
      out,
      'uri',
      `request.uri is ${describeValue(uri)}; it must be a string that starts with '/'.`,
      "Set request.uri to a path such as '/index.html' (the query string goes in request.querystring, without '?').",
    );
  }
  const querystring = input.querystring ?? '';
  if (typeof querystring !== 'string') {
    report(
      out,
      'querystring-type',
      `request.querystring is ${describeValue(querystring)}; it must be a string (without '?', '' for none).`,
      'Build it with new URLSearchParams(...).toString().',
    );
    return String(querystring);
  }
  // These rules govern what a function writes; an unchanged value is the viewer's.
  const changed = uri !== before.uri || querystring !== before.querystring;
  if (!changed) return querystring;
  if (hasForbiddenQueryCharacter(querystring)) {
    report(
      out,
      'querystring-characters',
      'request.querystring contains a space, a control character or #, which a function may not write.',
      'Percent-encode the values, e.g. with new URLSearchParams(...).toString() or encodeURIComponent().',
    );
  }
  if (typeof uri === 'string') {
    const length = uri.length + querystring.length;
    if (length >= MAX_URL_CHARACTERS) {
      report(
        out,
        'url-length',
        `request.uri plus request.querystring is ${length} characters; it must be less than ${MAX_URL_CHARACTERS}.`,
        'Shorten the URI or move data out of the query string (into a header or the body).',
      );
    }
  }
  return querystring;
}
