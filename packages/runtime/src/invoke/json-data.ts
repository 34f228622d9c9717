/**
 * Lambda hands events to a function and results back as JSON text, so a handler sees exactly
 * what JSON delivers: no `undefined` properties, Dates as strings, no shared or circular
 * references, and a result JSON cannot encode fails (Runtime.MarshalError).
 *
 * `asJsonData` says so before anything is sent: an event that cannot be encoded is the
 * caller's mistake (a setup error), a result that cannot be a marshal error; and the
 * in-process container gets the value JSON would deliver. Data that JSON delivers unchanged
 * (plain objects and arrays of strings, finite numbers, booleans and null, each object reached
 * once) is recognised by a walk that never reads a string's contents, so a 1 MB body costs
 * nothing here; only data JSON would change goes through a JSON round trip.
 */
import { format } from 'node:util';
import type { SerializedError } from './protocol.ts';

export type JsonData = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** `value` as JSON would deliver it; `undefined` stays `undefined` (nothing to encode). */
export function asJsonData(value: unknown): JsonData {
  if (value === undefined || isJsonExact(value, new Set())) return { ok: true, value };
  try {
    const text = JSON.stringify(value);
    // A function or a symbol has no JSON at all: like a cycle, not something Lambda can send.
    if (text === undefined) {
      return {
        ok: false,
        error: { name: 'TypeError', message: `a ${typeof value} has no JSON encoding`, stack: '' },
      };
    }
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: toSerializedError(error) };
  }
}

/** True when JSON.parse(JSON.stringify(value)) would equal `value` and share nothing with it. */
function isJsonExact(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      // JSON writes NaN and the infinities as null, and -0 as 0.
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      // Reached twice: JSON would make two copies where the handler would see one object.
      if (seen.has(value)) return false;
      seen.add(value);
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (let index = 0; index < value.length; index++) {
          // A hole reads as undefined, which JSON writes as null.
          if (!(index in value) || !isJsonExact(value[index], seen)) return false;
        }
        return Object.keys(value).length === value.length;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      if ('toJSON' in value) return false;
      for (const key in value) {
        if (!isJsonExact((value as Record<string, unknown>)[key], seen)) return false;
      }
      return true;
    }
    default:
      // undefined inside an object or array, functions, symbols, bigints.
      return false;
  }
}

/** What a handler threw, as the runtime reports it: a thrown object reads as its contents. */
export function toSerializedError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack ?? '' };
  }
  return { name: 'Error', message: typeof error === 'string' ? error : format(error), stack: '' };
}
