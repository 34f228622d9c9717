/**
 * Just enough of a TypeScript scanner to edit object literals in `edge.config.ts` as text:
 * a masked copy of the source where comments and string contents are blanked (same length,
 * same line breaks), so that braces, commas and keys can be found without being fooled by a
 * `{` inside a string or a comment. Quotes stay in place, so a string's span is still visible.
 */

/** The source with comments and string/template contents replaced by spaces. */
export function maskNonCode(source: string): string {
  const out = source.split('');
  const blank = (from: number, to: number) => {
    for (let j = from; j < to; j++) if (out[j] !== '\n') out[j] = ' ';
  };
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    const next = source[i + 1];
    if (char === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (char === "'" || char === '"') {
      const stop = endOfQuoted(source, i);
      blank(i + 1, stop - 1);
      i = stop;
    } else if (char === '`') {
      const stop = endOfTemplate(source, i);
      blank(i + 1, stop - 1);
      i = stop;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Index just past the closing quote of the string literal opening at `start`. */
function endOfQuoted(source: string, start: number): number {
  const quote = source[start];
  let i = start + 1;
  while (i < source.length) {
    const char = source[i];
    if (char === '\\') i += 2;
    else if (char === quote || char === '\n') return i + 1;
    else i++;
  }
  return source.length;
}

/** Index just past the closing backtick; `${ ... }` parts are skipped by brace counting. */
function endOfTemplate(source: string, start: number): number {
  let i = start + 1;
  let depth = 0;
  while (i < source.length) {
    const char = source[i];
    if (char === '\\') {
      i += 2;
      continue;
    }
    if (depth === 0 && char === '`') return i + 1;
    if (char === '$' && source[i + 1] === '{') {
      depth++;
      i += 2;
      continue;
    }
    if (depth > 0 && char === '{') depth++;
    if (depth > 0 && char === '}') depth--;
    i++;
  }
  return source.length;
}

/** Index of the `}` that closes the `{` at `open`, or -1. */
export function matchingBrace(masked: string, open: number): number {
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    const char = masked[i];
    if (char === '{' || char === '[' || char === '(') depth++;
    else if (char === '}' || char === ']' || char === ')') {
      depth--;
      if (depth === 0) return char === '}' ? i : -1;
    }
  }
  return -1;
}

/** Index of the innermost `{` that is still open at `position`, or -1. */
export function enclosingBrace(masked: string, position: number): number {
  let depth = 0;
  for (let i = position - 1; i >= 0; i--) {
    const char = masked[i];
    if (char === '}' || char === ']' || char === ')') depth++;
    else if (char === '{' || char === '[' || char === '(') {
      if (depth === 0) return char === '{' ? i : -1;
      depth--;
    }
  }
  return -1;
}

export interface PropertyMatch {
  /** Where the key starts. */
  keyStart: number;
  /** First non-space character of the value. */
  valueStart: number;
}

/**
 * The properties named `key` directly inside the object literal whose `{` is at `open`
 * (not in nested objects). Matches bare and quoted keys.
 */
export function findProperties(
  source: string,
  masked: string,
  open: number,
  key: string,
): PropertyMatch[] {
  const close = matchingBrace(masked, open);
  if (close === -1) return [];
  const found: PropertyMatch[] = [];
  const pattern = new RegExp(
    `^(?:${escapeRegExp(key)}|'${escapeRegExp(key)}'|"${escapeRegExp(key)}")\\s*:\\s*`,
  );
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const char = masked[i];
    if (char === '{' || char === '[' || char === '(') depth++;
    else if (char === '}' || char === ']' || char === ')') depth--;
    else if (depth === 0 && atKeyPosition(masked, i, open)) {
      const match = pattern.exec(source.slice(i, close));
      if (match) found.push({ keyStart: i, valueStart: i + match[0].length });
    }
  }
  return found;
}

/** True when `i` begins a token right after the object's `{` or a `,`: where keys stand. */
function atKeyPosition(masked: string, i: number, open: number): boolean {
  if (/\s/.test(masked[i] ?? ' ')) return false;
  let j = i - 1;
  while (j > open && /\s/.test(masked[j] ?? '')) j--;
  return j === open || masked[j] === ',';
}

/** The contents of the string literal starting at `start`, or undefined when none starts there. */
export function stringLiteralAt(source: string, start: number): string | undefined {
  const quote = source[start];
  if (quote !== "'" && quote !== '"' && quote !== '`') return undefined;
  const end = quote === '`' ? endOfTemplate(source, start) : endOfQuoted(source, start);
  const body = source.slice(start + 1, end - 1);
  if (quote === '`' && body.includes('${')) return undefined;
  return body.replace(/\\(.)/g, '$1');
}

/** Leading whitespace of the line that contains `position`. */
export function indentationAt(source: string, position: number): string {
  const lineStart = source.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
