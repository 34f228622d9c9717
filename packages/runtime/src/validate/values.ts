/** Small helpers for inspecting untyped handler results. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a value reads in a message: `null`, `an array`, `the number 200`, `"abc"`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return `the ${typeof value} ${String(value)}`;
}

/** `headers['x-a']`: bracket notation, since header names contain hyphens. */
export function key(path: string, name: string): string {
  return `${path}['${name}']`;
}

// RFC 4648 §4 alphabet with padding to a multiple of four characters. How lenient
// CloudFront's decoder is (unpadded, URL-safe alphabet) is not documented, so the strict form
// is required: what passes here decodes everywhere.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64(value: string): boolean {
  return BASE64.test(value);
}

export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** A control character (U+0000–U+001F, U+007F); horizontal tab only when `allowTab` is off. */
export function hasControlCharacter(value: string, allowTab = false): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === 0x7f || (code < 0x20 && !(allowTab && code === 0x09))) return true;
  }
  return false;
}
