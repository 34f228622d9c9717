import { describe, expect, it } from 'vitest';
import {
  getCookie,
  getCookies,
  getHeaders,
  serializeCookie,
  setCookie,
  toHeaders,
} from '../src/index.ts';

describe('getCookies', () => {
  it('reads every Cookie line, trimming and unquoting', () => {
    const headers = toHeaders({ cookie: ['session=abc; theme="dark"', ' lang=en ;flag'] });
    expect(getCookies(headers)).toEqual({ session: 'abc', theme: 'dark', lang: 'en' });
  });

  it('keeps the first value of a repeated name and values containing "="', () => {
    const headers = toHeaders({ cookie: 'id=first; id=second; token=a=b==' });
    expect(getCookies(headers)).toEqual({ id: 'first', token: 'a=b==' });
  });

  it('returns nothing for missing headers and does not invent prototype names', () => {
    expect(getCookies(undefined)).toEqual({});
    expect(getCookie(toHeaders({ cookie: 'a=1' }), 'toString')).toBeUndefined();
    expect(getCookie(toHeaders({ cookie: 'a=1' }), 'a')).toBe('1');
    const polluted = getCookies(toHeaders({ cookie: '__proto__=x' }));
    expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
    expect(Object.keys(polluted)).toEqual(['__proto__']);
  });
});

describe('serializeCookie', () => {
  it('writes the attributes in order', () => {
    const line = serializeCookie('session', 'abc', {
      domain: 'example.com',
      path: '/',
      expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
      maxAge: 3600,
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
    });
    expect(line).toBe(
      'session=abc; Domain=example.com; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Lax',
    );
    expect(serializeCookie('a', '')).toBe('a=');
  });

  it.each([
    [
      'a name with a space',
      () => serializeCookie('my cookie', 'x'),
      /Invalid cookie name "my cookie"/,
    ],
    ['a value with a semicolon', () => serializeCookie('a', 'x;y'), /encodeURIComponent/],
    ['a non-ASCII value', () => serializeCookie('a', 'caf\u00e9'), /non-ASCII/],
    [
      'a path with a semicolon',
      () => serializeCookie('a', 'b', { path: '/;x' }),
      /Invalid cookie path/,
    ],
    ['a fractional max-age', () => serializeCookie('a', 'b', { maxAge: 1.5 }), /whole number/],
    [
      'an invalid date',
      () => serializeCookie('a', 'b', { expires: new Date('nope') }),
      /Date is invalid/,
    ],
    [
      'SameSite=None without Secure',
      () => serializeCookie('a', 'b', { sameSite: 'None' }),
      /secure: true/,
    ],
    [
      'Partitioned without Secure',
      () => serializeCookie('a', 'b', { partitioned: true }),
      /Partitioned/,
    ],
    ['__Secure- without Secure', () => serializeCookie('__Secure-a', 'b'), /__Secure- prefix/],
    [
      '__Host- with a domain',
      () => serializeCookie('__Host-a', 'b', { secure: true, path: '/', domain: 'x.com' }),
      /__Host- prefix/,
    ],
  ])('rejects %s with a message saying what to change', (_, write, message) => {
    expect(write).toThrow(message);
  });

  it('accepts the prefixes when their rules are met', () => {
    expect(serializeCookie('__Host-a', 'b', { secure: true, path: '/' })).toBe(
      '__Host-a=b; Path=/; Secure',
    );
    expect(serializeCookie('p', 'q', { secure: true, sameSite: 'None', partitioned: true })).toBe(
      'p=q; Secure; SameSite=None; Partitioned',
    );
  });
});

describe('setCookie', () => {
  it('adds one Set-Cookie line per cookie and keeps the existing ones', () => {
    const first = setCookie({}, 'a', '1', { path: '/' });
    const second = setCookie(first, 'b', '2', { httpOnly: true });
    expect(second['set-cookie']).toEqual([
      { key: 'Set-Cookie', value: 'a=1; Path=/' },
      { key: 'Set-Cookie', value: 'b=2; HttpOnly' },
    ]);
    expect(getHeaders(first, 'set-cookie')).toEqual(['a=1; Path=/']);
  });
});
