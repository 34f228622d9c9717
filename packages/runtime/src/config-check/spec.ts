/**
 * A small description language for plain data and the walker that checks a value against it.
 * Every problem names the field (`defaultBehavior.cache.defaultTTL`), what it got and what is
 * valid; unknown fields name the known ones and the closest match.
 */

export interface ConfigProblem {
  /** Dotted path from the root, e.g. `behaviors[0].cachePolicy`. */
  path: string;
  message: string;
}

interface Described {
  /** How a valid value is described in messages, e.g. "a number of seconds (0 or more)". */
  expected?: string;
  /** A further check once the type is right; returns what is wrong, if anything. */
  check?: (value: never) => string | undefined;
}

export type Spec =
  | ({ kind: 'string'; oneOf?: readonly string[] } & Described)
  | ({
      kind: 'number';
      integer?: boolean;
      min?: number;
      max?: number;
      oneOf?: readonly number[];
    } & Described)
  | ({ kind: 'boolean' } & Described)
  | ({ kind: 'function' } & Described)
  | ({ kind: 'object'; fields: Record<string, Field>; what: string } & Described)
  | ({ kind: 'record'; values: Spec; what: string } & Described)
  | ({ kind: 'array'; items: Spec; minItems?: number; maxItems?: number } & Described)
  /** The first option whose `when` accepts the value decides; none → a type problem. */
  | ({
      kind: 'union';
      options: Array<{ when: (value: unknown) => boolean; spec: Spec }>;
    } & Described);

export type Field = Spec & { required?: boolean };

export function checkValue(spec: Spec, value: unknown, path: string, out: ConfigProblem[]): void {
  const message = problemOf(spec, value, path, out);
  if (message) {
    out.push({ path, message });
    return;
  }
  const extra = spec.check?.(value as never);
  if (extra) out.push({ path, message: extra });
}

/** What is wrong with the value's type or range; nested problems go straight to `out`. */
function problemOf(
  spec: Spec,
  value: unknown,
  path: string,
  out: ConfigProblem[],
): string | undefined {
  const wrong = `is ${describe(value)}; expected ${expectation(spec)}.`;
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') return wrong;
      if (spec.oneOf && !spec.oneOf.includes(value)) {
        return `is ${describe(value)}; expected one of ${spec.oneOf.map((v) => JSON.stringify(v)).join(', ')}${suggestion(value, spec.oneOf)}.`;
      }
      return undefined;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrong;
      const outOfRange =
        (spec.integer && !Number.isInteger(value)) ||
        (spec.min !== undefined && value < spec.min) ||
        (spec.max !== undefined && value > spec.max) ||
        (spec.oneOf !== undefined && !spec.oneOf.includes(value));
      return outOfRange ? wrong : undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : wrong;
    case 'function':
      return typeof value === 'function' ? undefined : wrong;
    case 'object':
      if (!isPlainObject(value)) return wrong;
      checkFields(spec, value, path, out);
      return undefined;
    case 'record':
      if (!isPlainObject(value)) return wrong;
      for (const [key, item] of Object.entries(value))
        checkValue(spec.values, item, `${path}.${key}`, out);
      return undefined;
    case 'array':
      if (!Array.isArray(value)) return wrong;
      if (
        (spec.minItems !== undefined && value.length < spec.minItems) ||
        (spec.maxItems !== undefined && value.length > spec.maxItems)
      ) {
        return wrong;
      }
      value.forEach((item, index) => {
        checkValue(spec.items, item, `${path}[${index}]`, out);
      });
      return undefined;
    case 'union': {
      const option = spec.options.find((candidate) => candidate.when(value));
      if (!option) return wrong;
      // The option's own checks report; the union's `check` still runs after them.
      checkValue(option.spec, value, path, out);
      return undefined;
    }
  }
}

function checkFields(
  spec: Extract<Spec, { kind: 'object' }>,
  value: Record<string, unknown>,
  path: string,
  out: ConfigProblem[],
): void {
  const known = Object.keys(spec.fields);
  const at = (key: string) => (path ? `${path}.${key}` : key);
  for (const [key, item] of Object.entries(value)) {
    const field = spec.fields[key];
    if (!field) {
      out.push({
        path: at(key),
        message: `is not a field of ${spec.what}${suggestion(key, known)}; its fields are ${known.join(', ')}.`,
      });
      continue;
    }
    if (item === undefined) continue;
    checkValue(field, item, at(key), out);
  }
  for (const [key, field] of Object.entries(spec.fields)) {
    if (field.required && value[key] === undefined) {
      out.push({ path: at(key), message: `is missing; ${spec.what} needs ${expectation(field)}.` });
    }
  }
}

export function expectation(spec: Spec): string {
  if (spec.expected) return spec.expected;
  switch (spec.kind) {
    case 'string':
      return spec.oneOf
        ? `one of ${spec.oneOf.map((v) => JSON.stringify(v)).join(', ')}`
        : 'a string';
    case 'number': {
      const kind = spec.integer ? 'a whole number' : 'a number';
      if (spec.oneOf) return `one of ${spec.oneOf.join(', ')}`;
      if (spec.min !== undefined && spec.max !== undefined)
        return `${kind} from ${spec.min} to ${spec.max}`;
      if (spec.min !== undefined) return `${kind} of at least ${spec.min}`;
      return kind;
    }
    case 'boolean':
      return 'true or false';
    case 'function':
      return 'a function';
    case 'object':
      return `${spec.what} (an object)`;
    case 'record':
      return `an object of ${spec.what} by name`;
    case 'array':
      return `a list of ${expectation(spec.items)}`;
    case 'union':
      return spec.options.map((option) => expectation(option.spec)).join(', or ');
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list (${truncate(JSON.stringify(value))})`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return `an object (${truncate(JSON.stringify(value))})`;
  return String(value);
}

function truncate(text: string | undefined): string {
  if (text === undefined) return '…';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ` (did you mean "x"?)` for a near miss among `candidates`, or nothing. */
export function suggestion(value: string, candidates: readonly string[]): string {
  const lower = value.toLowerCase();
  // A value that begins another ("https" for "https-only") is the likeliest slip.
  const prefixed = candidates.find(
    (candidate) => lower.length >= 3 && candidate.toLowerCase().startsWith(lower),
  );
  if (prefixed) return ` (did you mean ${JSON.stringify(prefixed)}?)`;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(value.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const close = best !== undefined && bestDistance <= Math.max(2, Math.floor(value.length / 4));
  return close ? ` (did you mean ${JSON.stringify(best)}?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
