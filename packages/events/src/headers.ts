/**
 * Reading and writing CloudFront header maps: lower-case name → every `{ key, value }` line.
 * Writers never change their input; they return a new map, so they work on results as well
 * as on the event (`request.headers = setHeader(request.headers, 'x-a', '1')`).
 */
import { getOwn, setOwn } from './own.ts';
import type { HeaderEntry, Headers, ReadonlyHeaders } from './types.ts';

/**
 * CloudFront's rule for a missing `key`: capitalize each hyphen-separated part of the name,
 * `content-type` → `Content-Type` (docs/cloudfront-rules.md#header-shape).
 */
export function toTitleCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}

/**
 * The `key` for a header a caller names: kept as written when it has capitals (`X-API-Key`),
 * title-cased when it is all lower case (`authorization` → `Authorization`).
 */
export function headerKey(name: string): string {
  return name === name.toLowerCase() ? toTitleCase(name) : name;
}

// RFC 9110 §5.1 token characters; CloudFront rejects anything else as a header name.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkName(name: string): string {
  if (!HEADER_NAME.test(name)) {
    throw new TypeError(
      `Invalid header name ${JSON.stringify(name)}: use letters, digits and - only (RFC 9110 token characters), e.g. "x-my-header".`,
    );
  }
  return name.toLowerCase();
}

function linesOf(headers: ReadonlyHeaders | undefined, name: string): readonly HeaderEntry[] {
  if (!headers) return [];
  const lower = name.toLowerCase();
  const direct = getOwn(headers, lower);
  if (direct) return direct;
  // Hand-written maps sometimes use the wire spelling as the map key; read those too.
  for (const [mapKey, lines] of Object.entries(headers)) {
    if (mapKey.toLowerCase() === lower) return lines;
  }
  return [];
}

/** The first value of a header (case-insensitive name), or undefined when absent. */
export function getHeader(headers: ReadonlyHeaders | undefined, name: string): string | undefined {
  return linesOf(headers, name)[0]?.value;
}

/** Every value of a header, one per line, in order; `[]` when absent. */
export function getHeaders(headers: ReadonlyHeaders | undefined, name: string): string[] {
  return linesOf(headers, name).map((line) => line.value);
}

/** True when the header has at least one line. */
export function hasHeader(headers: ReadonlyHeaders | undefined, name: string): boolean {
  return linesOf(headers, name).length > 0;
}

function withoutName(headers: ReadonlyHeaders | undefined, lower: string): Headers {
  const copy: Headers = {};
  for (const [mapKey, lines] of Object.entries(headers ?? {})) {
    if (mapKey.toLowerCase() !== lower) setOwn(copy, mapKey, [...lines]);
  }
  return copy;
}

/** A copy of the map in which `name` has the `value` lines, after its existing ones if kept. */
function withLines(
  headers: ReadonlyHeaders | undefined,
  name: string,
  value: string | readonly string[],
  kept: 'none' | 'existing',
): Headers {
  const lower = checkName(name);
  const existing = linesOf(headers, name);
  const key = existing.find((line) => line.key !== undefined)?.key ?? headerKey(name);
  const added = (typeof value === 'string' ? [value] : value).map((line) => ({ key, value: line }));
  const next = withoutName(headers, lower);
  setOwn<HeaderEntry[]>(next, lower, kept === 'existing' ? [...existing, ...added] : added);
  return next;
}

/**
 * Replaces every line of a header with `value` (one line per array item). An existing `key`
 * spelling is kept, so `Set-Cookie` stays `Set-Cookie`.
 */
export function setHeader(
  headers: ReadonlyHeaders | undefined,
  name: string,
  value: string | readonly string[],
): Headers {
  return withLines(headers, name, value, 'none');
}

/** Adds lines after the existing ones of a header (e.g. a second `Set-Cookie`). */
export function appendHeader(
  headers: ReadonlyHeaders | undefined,
  name: string,
  value: string | readonly string[],
): Headers {
  return withLines(headers, name, value, 'existing');
}

/** Removes every line of a header. */
export function deleteHeader(headers: ReadonlyHeaders | undefined, name: string): Headers {
  return withoutName(headers, name.toLowerCase());
}

/** A header as a caller writes it: a value, several values, or lines with explicit keys. */
export type HeaderInput = string | readonly string[] | HeaderEntry | readonly HeaderEntry[];
/** Headers as a caller writes them, e.g. `{ authorization: 'Bearer x', accept: ['a', 'b'] }`. */
export type HeadersInit = Readonly<Record<string, HeaderInput>>;

/**
 * Builds a CloudFront header map from a plain record: names are lower-cased for the map,
 * `key` keeps the spelling given (title-cased when given in lower case), arrays become lines.
 */
export function toHeaders(init: HeadersInit | undefined): Headers {
  const headers: Headers = {};
  for (const [name, input] of Object.entries(init ?? {})) {
    const lower = checkName(name);
    const items: readonly (string | HeaderEntry)[] = isList(input) ? input : [input];
    const lines = getOwn(headers, lower) ?? [];
    const key = lines[0]?.key ?? headerKey(name);
    for (const item of items) {
      lines.push(
        typeof item === 'string'
          ? { key, value: item }
          : { key: item.key ?? key, value: item.value },
      );
    }
    setOwn(headers, lower, lines);
  }
  return headers;
}

function isList(input: HeaderInput): input is readonly string[] | readonly HeaderEntry[] {
  return Array.isArray(input);
}
