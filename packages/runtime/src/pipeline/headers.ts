/**
 * Conversions between HTTP header lists and CloudFront's header map, and the header rules the
 * pipeline applies itself (docs/cloudfront-rules.md#header-shape,
 * docs/cloudfront-rules.md#disallowed-headers). Reading a header and the key CloudFront writes come
 * from @edge-app/events; which headers are disallowed comes from the validation rules, so the
 * pipeline and validation cannot disagree.
 */
import { type Headers, toTitleCase } from '@edge-app/events';
import { isDisallowedHeader } from '../validate/header-lists.ts';

export type HeaderPairs = Array<[string, string]>;

/**
 * The first value of a header in one of the pipeline's maps, whose names are lower-case (built by
 * toHeaderMap, or normalised by validation). Cheaper than @edge-app/events' getHeader, which also
 * looks for other spellings: this runs several times on every request.
 */
export function headerOf(headers: Headers, lowerName: string): string | undefined {
  return Object.hasOwn(headers, lowerName) ? headers[lowerName]?.[0]?.value : undefined;
}

/** Lower-case map of every line, `key` as sent: how functions see headers (docs/cloudfront-rules.md#header-shape). */
export function toHeaderMap(pairs: HeaderPairs): Headers {
  const map: Headers = {};
  for (const [key, value] of pairs) {
    const name = key.toLowerCase();
    const lines = map[name];
    if (lines) lines.push({ key, value });
    else map[name] = [{ key, value }];
  }
  return map;
}

export function toHeaderPairs(headers: Headers | undefined): HeaderPairs {
  const pairs: HeaderPairs = [];
  if (!headers) return pairs;
  for (const [name, lines] of Object.entries(headers)) {
    for (const line of lines) pairs.push([line.key ?? toTitleCase(name), line.value]);
  }
  return pairs;
}

/** node:http's `rawHeaders` (name, value, name, value, …) as pairs, names spelled as sent. */
export function rawHeaderPairs(raw: readonly string[]): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}

export function normalizePairs(
  headers: Record<string, string | string[]> | HeaderPairs | undefined,
): HeaderPairs {
  if (!headers) return [];
  if (Array.isArray(headers)) return headers.map(([k, v]) => [k, v]);
  const pairs: HeaderPairs = [];
  for (const [key, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const v of value) pairs.push([key, v]);
    else pairs.push([key, value]);
  }
  return pairs;
}

export function cloneHeaders(headers: Headers): Headers {
  const copy: Headers = {};
  for (const [name, lines] of Object.entries(headers)) {
    copy[name] = lines.map((line) => ({ ...line }));
  }
  return copy;
}

/** CloudFront drops disallowed headers before building the event (docs/cloudfront-rules.md#disallowed-headers). */
export function withoutDisallowed(headers: Headers): Headers {
  const kept: Headers = {};
  for (const [name, lines] of Object.entries(headers)) {
    if (!isDisallowedHeader(name.toLowerCase())) kept[name] = lines;
  }
  return kept;
}

/**
 * Connection-level headers of an origin response. The body is buffered and re-framed with a
 * Content-Length, so these describe a connection the viewer never sees.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name.toLowerCase());
}

/** Cookies of a `Cookie` header, in order; repeated names kept. */
export function parseCookies(headers: Headers): Array<[string, string]> {
  const cookies: Array<[string, string]> = [];
  for (const line of headers.cookie ?? []) {
    for (const part of line.value.split(';')) {
      const trimmed = part.trim();
      if (!trimmed) continue;
      const eq = trimmed.indexOf('=');
      if (eq === -1) cookies.push([trimmed, '']);
      else cookies.push([trimmed.slice(0, eq), trimmed.slice(eq + 1)]);
    }
  }
  return cookies;
}
