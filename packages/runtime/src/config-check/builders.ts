/** Small constructors for the schema's specs, and the specs several parts share. */
import { type Field, isPlainObject, type Spec } from './spec.ts';

export const string = (extra: Partial<Extract<Spec, { kind: 'string' }>> = {}): Spec => ({
  kind: 'string',
  ...extra,
});
export const number = (extra: Partial<Extract<Spec, { kind: 'number' }>> = {}): Spec => ({
  kind: 'number',
  ...extra,
});
export const boolean: Spec = { kind: 'boolean' };
export const seconds = (max?: number): Spec =>
  number({
    min: 0,
    ...(max === undefined ? {} : { max }),
    expected: 'a number of seconds (0 or more)',
  });
export const list = (items: Spec, extra: Partial<Extract<Spec, { kind: 'array' }>> = {}): Spec => ({
  kind: 'array',
  items,
  ...extra,
});
export const object = (
  what: string,
  fields: Record<string, Field>,
  check?: (v: never) => string | undefined,
): Spec => ({
  kind: 'object',
  what,
  fields,
  ...(check ? { check } : {}),
});
export const required = (spec: Spec): Field => ({ ...spec, required: true });
export const isString = (value: unknown) => typeof value === 'string';

export const METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'] as const;
/** The three method sets a behavior may allow, and the two it may cache (docs/cloudfront-rules.md#allowed-methods). */
export const ALLOWED_METHOD_SETS = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
  ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
];
export const CACHED_METHOD_SETS = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
];
/** docs/cloudfront-rules.md#custom-error-responses */
export const ERROR_CODES = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];
/** docs/cloudfront-rules.md#origin-failover */
export const FAILOVER_STATUS_CODES = [400, 403, 404, 416, 500, 502, 503, 504];

export function methodSet(sets: string[][], what: string): Spec {
  const text = sets.map((set) => `[${set.join(', ')}]`).join(', ');
  return list(string({ oneOf: METHODS }), {
    expected: `one of the method sets ${text}`,
    check: (methods: string[]) => {
      const sorted = [...new Set(methods)].sort().join(',');
      const ok = sets.some((set) => [...set].sort().join(',') === sorted);
      return ok ? undefined : `is [${methods.join(', ')}]; CloudFront ${what} one of ${text}.`;
    },
  });
}

/** `none`, `all`, an allow list, or `{ allExcept: [...] }`. */
export function selection(what: string): Spec {
  return {
    kind: 'union',
    expected: `"none", "all", a list of ${what}, or { allExcept: [...] }`,
    options: [
      { when: isString, spec: string({ oneOf: ['none', 'all'] }) },
      { when: Array.isArray, spec: list(string()) },
      {
        when: isPlainObject,
        spec: object(`a ${what} block list`, { allExcept: required(list(string())) }),
      },
    ],
  };
}

export const headerNames = list(string({ check: headerNameProblem }));

export function headerNameProblem(name: string): string | undefined {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)
    ? undefined
    : `is ${JSON.stringify(name)}, which is not a valid HTTP header name.`;
}

export function managedOrInline(names: string[], inline: Spec, what: string): Spec {
  return {
    kind: 'union',
    expected: `the name of a managed ${what} (${names.join(', ')}) or an inline ${what}`,
    options: [
      { when: isString, spec: string({ oneOf: names }) },
      { when: isPlainObject, spec: inline },
    ],
  };
}
