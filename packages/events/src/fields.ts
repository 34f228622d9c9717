/**
 * Reading untrusted event JSON field by field. In `fill` mode a missing field gets the value
 * CloudFront would have sent; in `strict` mode it is an error. A field that is present but of
 * the wrong kind is always an error, named by its path in the event.
 */

import { InvalidEventError } from './errors.ts';
import { headerKey } from './headers.ts';
import { getOwn, setOwn } from './own.ts';
import type { Headers } from './types.ts';

export { InvalidEventError };

export type Mode = 'fill' | 'strict';
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : `a ${typeof value}`;
}

export function object(value: unknown, path: string): Json {
  if (!isObject(value)) {
    throw new InvalidEventError(
      path,
      `must be an object, got ${describe(value)}`,
      'See the event structure in the CloudFront Developer Guide.',
    );
  }
  return value;
}

/**
 * The value of `parent[key]`, checked by `accepts`. Absent: `fallback()` in fill mode, an
 * error in strict mode (or when there is no fallback).
 */
export function field<T>(
  mode: Mode,
  parent: Json,
  key: string,
  path: string,
  expected: { accepts: (value: unknown) => value is T; description: string },
  fallback?: () => T,
): T {
  const at = `${path}.${key}`;
  const value = parent[key];
  if (value === undefined) {
    if (mode === 'fill' && fallback) return fallback();
    const example = fallback ? ` (e.g. ${JSON.stringify(fallback())})` : '';
    throw new InvalidEventError(
      at,
      'is missing',
      `CloudFront always sends it: add ${expected.description}${example}.`,
    );
  }
  if (!expected.accepts(value)) {
    throw new InvalidEventError(
      at,
      `must be ${expected.description}, got ${describe(value)}`,
      `Make it ${expected.description}.`,
    );
  }
  return value;
}

export const aString = {
  accepts: (value: unknown): value is string => typeof value === 'string',
  description: 'a string',
};
export const aNumber = {
  accepts: (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value),
  description: 'a number',
};
export const aBoolean = {
  accepts: (value: unknown): value is boolean => typeof value === 'boolean',
  description: 'a boolean',
};
export const aStringList = {
  accepts: (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((item) => typeof item === 'string'),
  description: 'an array of strings',
};
export function oneOf<const T extends string>(...values: T[]) {
  return {
    accepts: (value: unknown): value is T => values.includes(value as T),
    description: `one of ${values.map((value) => JSON.stringify(value)).join(', ')}`,
  };
}

/**
 * A header map. Strict mode wants CloudFront's exact shape (lower-case map keys, arrays of
 * `{ key?, value }`); fill mode also takes other spellings and bare string values, and adds
 * the title-cased `key` CloudFront would add (docs/cloudfront-rules.md#header-shape).
 */
export function headers(mode: Mode, value: unknown, path: string): Headers {
  if (value === undefined && mode === 'fill') return {};
  const map = object(value, path);
  const result: Headers = {};
  for (const [name, lines] of Object.entries(map)) {
    const at = `${path}[${JSON.stringify(name)}]`;
    const lower = name.toLowerCase();
    if (mode === 'strict' && lower !== name) {
      throw new InvalidEventError(
        at,
        'is not a lower-case name',
        `Use ${JSON.stringify(lower)} as the map key; keep the spelling in "key".`,
      );
    }
    if (!Array.isArray(lines) && mode === 'strict') {
      throw new InvalidEventError(
        at,
        `must be an array of { key, value } lines, got ${describe(lines)}`,
        'Wrap the line in an array.',
      );
    }
    const list: unknown[] = Array.isArray(lines) ? lines : [lines];
    const target = getOwn(result, lower) ?? [];
    list.forEach((line, index) => {
      const lineAt = `${at}[${index}]`;
      const entry =
        typeof line === 'string' && mode === 'fill' ? { value: line } : object(line, lineAt);
      const lineValue = field(mode, entry, 'value', lineAt, aString);
      if (entry.key !== undefined) {
        target.push({ key: field(mode, entry, 'key', lineAt, aString), value: lineValue });
      } else {
        // CloudFront sends every key; only hand-made events lack one.
        target.push(
          mode === 'fill' ? { key: headerKey(name), value: lineValue } : { value: lineValue },
        );
      }
    });
    setOwn(result, lower, target);
  }
  return result;
}
