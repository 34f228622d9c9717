import { describe, expect, it } from 'vitest';
import {
  decodeQueryComponent,
  parseQuery,
  parseQueryEntries,
  stringifyQuery,
  viewerRequest,
} from '../src/index.ts';

describe('parseQuery', () => {
  it('keeps repeated names as arrays in order', () => {
    expect(parseQuery('a=1&b=2&a=3')).toEqual({ a: ['1', '3'], b: '2' });
  });

  it('decodes percent escapes and + as a space, and takes a leading ?', () => {
    expect(parseQuery('?q=caf%C3%A9+au+lait&x%20y=%26')).toEqual({ q: 'café au lait', 'x y': '&' });
  });

  it('gives a name without = an empty value and skips empty pairs', () => {
    expect(parseQuery('flag&&a=&b=1')).toEqual({ flag: '', a: '', b: '1' });
    expect(parseQuery('')).toEqual({});
  });

  it('keeps malformed escapes as written instead of throwing', () => {
    expect(decodeQueryComponent('100%')).toBe('100%');
    expect(decodeQueryComponent('%E0%A4%A')).toBe('%E0%A4%A');
    expect(decodeQueryComponent('%ZZ%41')).toBe('%ZZA');
  });

  it('treats __proto__ as an ordinary name', () => {
    const params = parseQuery('__proto__=x&constructor=y');
    expect(Object.getOwnPropertyDescriptor(params, '__proto__')?.value).toBe('x');
    expect(Object.keys(params)).toEqual(['__proto__', 'constructor']);
  });

  it('reads the sam-cli style query of a built event', () => {
    const request = viewerRequest({ querystring: 'size=LARGE&color=RED' }).Records[0].cf.request;
    expect(parseQueryEntries(request.querystring)).toEqual([
      ['size', 'LARGE'],
      ['color', 'RED'],
    ]);
  });
});

describe('stringifyQuery', () => {
  it('keeps the order of entries, repeated names included', () => {
    expect(
      stringifyQuery([
        ['b', '2'],
        ['a', '1'],
        ['b', '3'],
      ]),
    ).toBe('b=2&a=1&b=3');
  });

  it('writes arrays as repeated names and leaves undefined out', () => {
    expect(stringifyQuery({ tag: ['x', 'y'], page: 2, draft: false, skip: undefined })).toBe(
      'tag=x&tag=y&page=2&draft=false',
    );
  });

  it('percent-encodes what CloudFront forbids in a query string: spaces, controls, #', () => {
    const query = stringifyQuery({ 'a b': 'c#d\n', e: '&=+' });
    expect(query).toBe('a%20b=c%23d%0A&e=%26%3D%2B');
    expect(query).not.toMatch(/[\s#]/);
  });

  it('round-trips through parseQueryEntries', () => {
    const entries: Array<[string, string]> = [
      ['q', 'café au lait'],
      ['x', 'a+b&c'],
      ['q', ''],
    ];
    expect(parseQueryEntries(stringifyQuery(entries))).toEqual(entries);
  });
});
