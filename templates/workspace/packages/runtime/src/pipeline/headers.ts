/**
 * Conversions between HTTP header lists and CloudFront's header map, and the header rules the
 * pipeline applies itself (lambda-edge-facts §2.5 and §3).
 */
import type { Headers } from '@edge-app/events';

export type HeaderPairs = Array<[string, string]>;

/** `content-type` → `Content-Type`: what CloudFront writes when a header has no `key` (facts §2.5). */
export function titleCase(name: string): string {
  return name
    .split('-')
    .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1) : part))
    .join('-');
}

/** Lower-case map of every line, `key` as sent: how functions see headers (facts §2.3). */
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
    for (const line of lines) pairs.push([line.key ?? titleCase(name), line.value]);
  }
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

export function firstValue(headers: Headers | undefined, name: string): string | undefined {
  return headers?.[name.toLowerCase()]?.[0]?.value;
}

/** Replaces every line of `name` with one line. */
export function setHeader(headers: Headers, name: string, value: string, key = titleCase(name)) {
  headers[name.toLowerCase()] = [{ key, value }];
}

export function cloneHeaders(headers: Headers): Headers {
  const copy: Headers = {};
  for (const [name, lines] of Object.entries(headers)) {
    copy[name] = lines.map((line) => ({ ...line }));
  }
  return copy;
}

/**
 * Headers functions never see (facts §3, "Disallowed headers", from
 * DG:edge-function-restrictions-all). CloudFront drops them before building the event.
 */
const DISALLOWED = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
]);

export function isDisallowed(name: string): boolean {
  const lower = name.toLowerCase();
  return DISALLOWED.has(lower) || lower.startsWith('x-amz-cf-') || lower.startsWith('x-edge-');
}

export function withoutDisallowed(headers: Headers): Headers {
  const kept: Headers = {};
  for (const [name, lines] of Object.entries(headers)) {
    if (!isDisallowed(name)) kept[name] = lines;
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
