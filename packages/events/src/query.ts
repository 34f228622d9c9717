/**
 * CloudFront hands functions the raw query string, without `?`
 * (docs/cloudfront-rules.md#event-request-fields). Parsing follows
 * application/x-www-form-urlencoded (`+` is a space), as AWS's own examples do with Node's
 * `querystring`; writing percent-encodes everything CloudFront forbids in a query string a function
 * sets: spaces, control characters and `#` (docs/cloudfront-rules.md#uri-querystring).
 * Not URLSearchParams: it throws away nothing, but rewrites what it reads (`a` becomes `a=`,
 * malformed escapes are re-encoded), which changes cache keys of requests a function passes on.
 */

export type QueryValue = string | number | boolean;
/** Parameters in order; a repeated name is repeated. */
export type QueryEntries = ReadonlyArray<readonly [string, QueryValue]>;
/** Parameters by name; an array repeats the name; `undefined` leaves it out. */
export type QueryRecord = Readonly<Record<string, QueryValue | readonly QueryValue[] | undefined>>;

const ENCODED_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/** Decodes `+` and valid `%XX` runs; malformed escapes are kept as written rather than thrown. */
export function decodeQueryComponent(text: string): string {
  return text.replace(/\+/g, ' ').replace(ENCODED_RUN, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Percent-encodes a name or value for a query string (a space becomes `%20`). */
export function encodeQueryComponent(text: string): string {
  return encodeURIComponent(text);
}

/** `a=1&b=2&a=3` → `[['a','1'],['b','2'],['a','3']]`. A name without `=` gets `''`. */
export function parseQueryEntries(querystring: string): Array<[string, string]> {
  const raw = querystring.startsWith('?') ? querystring.slice(1) : querystring;
  const entries: Array<[string, string]> = [];
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    entries.push([decodeQueryComponent(name), decodeQueryComponent(value)]);
  }
  return entries;
}

/**
 * `a=1&b=2&a=3` → `{ a: ['1', '3'], b: '2' }`: a name seen once maps to a string, a repeated
 * one to every value in order. Names are case-sensitive, as CloudFront's cache key treats them.
 */
export function parseQuery(querystring: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of parseQueryEntries(querystring)) {
    const seen = params[name];
    if (seen === undefined) params[name] = value;
    else if (typeof seen === 'string') params[name] = [seen, value];
    else seen.push(value);
  }
  return params;
}

function isEntries(params: QueryRecord | QueryEntries): params is QueryEntries {
  return Array.isArray(params);
}

/**
 * Writes a query string without `?`, keeping the order given and repeating names given as
 * arrays (or repeated in entries). Names and values are percent-encoded.
 */
export function stringifyQuery(params: QueryRecord | QueryEntries): string {
  const pairs: string[] = [];
  const add = (name: string, value: QueryValue) =>
    pairs.push(`${encodeQueryComponent(name)}=${encodeQueryComponent(String(value))}`);
  if (isEntries(params)) {
    for (const [name, value] of params) add(name, value);
  } else {
    for (const [name, value] of Object.entries(params)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value as readonly QueryValue[]) add(name, item);
      else add(name, value as QueryValue);
    }
  }
  return pairs.join('&');
}
