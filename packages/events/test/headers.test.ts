import { describe, expect, it } from 'vitest';
import {
  appendHeader,
  deleteHeader,
  getHeader,
  getHeaders,
  type Headers,
  hasHeader,
  headerKey,
  setHeader,
  toHeaders,
  toTitleCase,
} from '../src/index.ts';

const sample: Headers = {
  accept: [{ key: 'accept', value: '*/*' }],
  'set-cookie': [
    { key: 'Set-Cookie', value: 'a=1' },
    { key: 'Set-Cookie', value: 'b=2' },
  ],
};

describe('toTitleCase', () => {
  it.each([
    ['content-type', 'Content-Type'],
    ['x-amz-cf-id', 'X-Amz-Cf-Id'],
    ['WWW-AUTHENTICATE', 'Www-Authenticate'],
    ['etag', 'Etag'],
    ['x--double', 'X--Double'],
  ])('%s → %s', (name, expected) => {
    expect(toTitleCase(name)).toBe(expected);
  });

  it('headerKey keeps a spelling with capitals and title-cases a lower-case one', () => {
    expect(headerKey('X-API-Key')).toBe('X-API-Key');
    expect(headerKey('x-api-key')).toBe('X-Api-Key');
  });
});

describe('reading', () => {
  it('reads the first value or every value, whatever the case of the name', () => {
    expect(getHeader(sample, 'Accept')).toBe('*/*');
    expect(getHeaders(sample, 'SET-COOKIE')).toEqual(['a=1', 'b=2']);
    expect(getHeader(sample, 'missing')).toBeUndefined();
    expect(getHeaders(undefined, 'accept')).toEqual([]);
    expect(hasHeader(sample, 'accept')).toBe(true);
    expect(hasHeader({ x: [] }, 'x')).toBe(false);
  });

  it('finds a header whose map key was written with capitals', () => {
    expect(getHeader({ 'Content-Type': [{ value: 'text/plain' }] }, 'content-type')).toBe(
      'text/plain',
    );
  });
});

describe('writing returns a new map and leaves the input alone', () => {
  it('setHeader replaces every line and keeps the existing key spelling', () => {
    const before = structuredClone(sample);
    const next = setHeader(sample, 'Accept', 'text/html');
    expect(next.accept).toEqual([{ key: 'accept', value: 'text/html' }]);
    expect(next['set-cookie']).toEqual(sample['set-cookie']);
    expect(sample).toEqual(before);
    expect(next['set-cookie']).not.toBe(sample['set-cookie']);
  });

  it('setHeader on a new name title-cases or keeps the key as given', () => {
    expect(setHeader({}, 'cache-control', 'max-age=60')).toEqual({
      'cache-control': [{ key: 'Cache-Control', value: 'max-age=60' }],
    });
    expect(setHeader(undefined, 'X-Request-ID', ['1', '2'])).toEqual({
      'x-request-id': [
        { key: 'X-Request-ID', value: '1' },
        { key: 'X-Request-ID', value: '2' },
      ],
    });
  });

  it('setHeader merges a capitalised map key into the lower-case one', () => {
    expect(setHeader({ 'X-A': [{ key: 'X-A', value: 'old' }] }, 'x-a', 'new')).toEqual({
      'x-a': [{ key: 'X-A', value: 'new' }],
    });
  });

  it('appendHeader adds lines after the existing ones', () => {
    expect(getHeaders(appendHeader(sample, 'set-cookie', 'c=3'), 'set-cookie')).toEqual([
      'a=1',
      'b=2',
      'c=3',
    ]);
    expect(appendHeader({}, 'vary', ['Accept', 'Origin']).vary).toEqual([
      { key: 'Vary', value: 'Accept' },
      { key: 'Vary', value: 'Origin' },
    ]);
  });

  it('deleteHeader removes every line', () => {
    expect(deleteHeader(sample, 'Set-Cookie')).toEqual({ accept: sample.accept });
    expect(deleteHeader(sample, 'absent')).toEqual(sample);
  });

  it('rejects a name that is not an HTTP token', () => {
    expect(() => setHeader({}, 'x y', '1')).toThrow(/Invalid header name "x y"/);
    expect(() => appendHeader({}, '', '1')).toThrow(/Invalid header name ""/);
  });
});

describe('toHeaders', () => {
  it('builds lines from strings, arrays and explicit entries', () => {
    expect(
      toHeaders({
        Authorization: 'Bearer t',
        accept: ['a', 'b'],
        'x-raw': { key: 'x-raw', value: '1' },
        via: [{ value: '2.0 x' }],
      }),
    ).toEqual({
      authorization: [{ key: 'Authorization', value: 'Bearer t' }],
      accept: [
        { key: 'Accept', value: 'a' },
        { key: 'Accept', value: 'b' },
      ],
      'x-raw': [{ key: 'x-raw', value: '1' }],
      via: [{ key: 'Via', value: '2.0 x' }],
    });
  });

  it('merges names that differ only in case, in order', () => {
    expect(toHeaders({ 'X-A': '1', 'x-a': '2' })).toEqual({
      'x-a': [
        { key: 'X-A', value: '1' },
        { key: 'X-A', value: '2' },
      ],
    });
  });
});

describe('names from the wire that collide with Object members', () => {
  it('keeps __proto__ as an ordinary header name', () => {
    const headers = setHeader({}, '__proto__', 'x');
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(getHeader(headers, '__proto__')).toBe('x');
    expect(Object.keys(appendHeader(headers, '__proto__', 'y'))).toEqual(['__proto__']);
    expect(getHeaders({}, '__proto__')).toEqual([]);
    expect(getHeaders({}, 'constructor')).toEqual([]);
  });
});
