/**
 * Cookies in CloudFront header maps. A viewer may send several `Cookie` lines (HTTP/2 splits
 * them); all are read. `setCookie` adds one `Set-Cookie` line per cookie, which is the only
 * way to send several (RFC 6265 §3: Set-Cookie lines must not be folded). Written here, not
 * taken from the `cookie` package: handlers bundle this into a 1 MB viewer function, and the
 * header-map shape is CloudFront's, which no cookie library reads.
 */

import { appendHeader, getHeaders } from './headers.ts';
import { getOwn, setOwn } from './own.ts';
import type { Headers, ReadonlyHeaders } from './types.ts';

/**
 * Every cookie the viewer sent, name → value. When a name repeats, the first wins (browsers
 * send the most specific path first, RFC 6265 §5.4). Values are returned as sent, without
 * surrounding double quotes; nothing is percent-decoded.
 */
export function getCookies(headers: ReadonlyHeaders | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const line of getHeaders(headers, 'cookie')) {
    for (const pair of line.split(';')) {
      const equals = pair.indexOf('=');
      if (equals < 0) continue;
      const name = pair.slice(0, equals).trim();
      if (name === '' || Object.hasOwn(cookies, name)) continue;
      setOwn(cookies, name, unquote(pair.slice(equals + 1).trim()));
    }
  }
  return cookies;
}

/** One cookie the viewer sent, or undefined. */
export function getCookie(headers: ReadonlyHeaders | undefined, name: string): string | undefined {
  return getOwn(getCookies(headers), name);
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value;
}

/** Attributes of a `Set-Cookie` line (RFC 6265 §4.1, SameSite from RFC 6265bis). */
export interface CookieAttributes {
  domain?: string;
  path?: string;
  expires?: Date;
  /** Seconds; 0 or less deletes the cookie. */
  maxAge?: number;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
  /** CHIPS: a cookie partitioned by top-level site; requires `secure`. */
  partitioned?: boolean;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// cookie-octet: visible ASCII except `"`, `,`, `;` and `\` (RFC 6265 §4.1.1).
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
// Attribute values may hold anything visible except `;` (RFC 6265 §4.1.1, av-octet).
const ATTRIBUTE_VALUE = /^[\x20-\x3A\x3C-\x7E]+$/;

/**
 * The text of one `Set-Cookie` line. Throws a TypeError naming the part that is wrong: the
 * value is written as given, so encode it first (e.g. `encodeURIComponent`) when it may hold
 * spaces, commas, semicolons, quotes or non-ASCII text.
 */
export function serializeCookie(
  name: string,
  value: string,
  attributes: CookieAttributes = {},
): string {
  if (!TOKEN.test(name)) {
    throw new TypeError(
      `Invalid cookie name ${JSON.stringify(name)}: use letters, digits and !#$%&'*+-.^_\`|~ only.`,
    );
  }
  if (!COOKIE_VALUE.test(value)) {
    throw new TypeError(
      `Invalid value for cookie "${name}": spaces, commas, semicolons, quotes, backslashes and non-ASCII characters are not allowed; encode it first, e.g. encodeURIComponent(value).`,
    );
  }
  checkPrefixRules(name, attributes);
  const parts = [`${name}=${value}`];
  if (attributes.domain !== undefined)
    parts.push(`Domain=${attributeValue('domain', attributes.domain)}`);
  if (attributes.path !== undefined) parts.push(`Path=${attributeValue('path', attributes.path)}`);
  if (attributes.expires !== undefined) {
    if (Number.isNaN(attributes.expires.getTime())) {
      throw new TypeError(`Invalid expires for cookie "${name}": the Date is invalid.`);
    }
    parts.push(`Expires=${attributes.expires.toUTCString()}`);
  }
  if (attributes.maxAge !== undefined) {
    if (!Number.isInteger(attributes.maxAge)) {
      throw new TypeError(`Invalid maxAge for cookie "${name}": use a whole number of seconds.`);
    }
    parts.push(`Max-Age=${attributes.maxAge}`);
  }
  if (attributes.secure) parts.push('Secure');
  if (attributes.httpOnly) parts.push('HttpOnly');
  if (attributes.sameSite !== undefined) parts.push(`SameSite=${attributes.sameSite}`);
  if (attributes.partitioned) parts.push('Partitioned');
  return parts.join('; ');
}

function attributeValue(attribute: string, value: string): string {
  if (!ATTRIBUTE_VALUE.test(value)) {
    throw new TypeError(
      `Invalid cookie ${attribute} ${JSON.stringify(value)}: it must be non-empty printable ASCII without ";".`,
    );
  }
  return value;
}

// Browsers drop cookies that break these rules silently; failing here names the rule instead.
function checkPrefixRules(name: string, attributes: CookieAttributes): void {
  const needsSecure =
    attributes.sameSite === 'None'
      ? 'SameSite=None'
      : attributes.partitioned
        ? 'Partitioned'
        : undefined;
  if (needsSecure && !attributes.secure) {
    throw new TypeError(
      `Cookie "${name}" uses ${needsSecure}, which browsers accept only with secure: true.`,
    );
  }
  if (name.startsWith('__Secure-') && !attributes.secure) {
    throw new TypeError(`Cookie "${name}" has the __Secure- prefix: set secure: true.`);
  }
  if (
    name.startsWith('__Host-') &&
    (!attributes.secure || attributes.path !== '/' || attributes.domain !== undefined)
  ) {
    throw new TypeError(
      `Cookie "${name}" has the __Host- prefix: set secure: true and path: '/', and leave domain out.`,
    );
  }
}

/** Adds a `Set-Cookie` line to a response's headers; returns a new map. */
export function setCookie(
  headers: ReadonlyHeaders | undefined,
  name: string,
  value: string,
  attributes?: CookieAttributes,
): Headers {
  return appendHeader(headers, 'set-cookie', serializeCookie(name, value, attributes));
}
