/**
 * Just enough of a TypeScript scanner to edit object literals in `edge.config.ts` as text:
 * a masked copy of the source where comments and string contents are blanked (same length,
 * same line breaks), so that braces, commas and keys can be found without being fooled by a
 * `{` inside a string or a comment. Quotes stay in place, so a string's span is still visible.
 */

/**
 * Where comments and literals may start. A regular expression finds them, so the text between
 * them is skipped by the regex engine instead of a character loop: create-edge-app masks
 * `edge.config.ts` once per function it adds, on code that has not been optimised yet, and
 * the loop was a measurable part of a scaffold.
 */
const NON_CODE_START = /\/\/|\/\*|['"`]/g;

/** The source with comments and string/template contents replaced by spaces. */
export function maskNonCode(source: string): string {
  let out = '';
  let copied = 0;
  NON_CODE_START.lastIndex = 0;
  for (let match = NON_CODE_START.exec(source); match; match = NON_CODE_START.exec(source)) {
    const i = match.index;
    let from: number; // first character blanked
    let to: number; // first character after the blanked span
    let next: number; // where scanning resumes
    if (match[0] === '//') {
      const end = source.indexOf('\n', i);
      from = i;
      to = next = end === -1 ? source.length : end;
    } else if (match[0] === '/*') {
      const end = source.indexOf('*/', i + 2);
      from = i;
      to = next = end === -1 ? source.length : end + 2;
    } else {
      next = match[0] === '`' ? endOfTemplate(source, i) : endOfQuoted(source, i);
      from = i + 1;
      to = next - 1;
    }
    if (to > from) {
      out += source.slice(copied, from) + blankExceptNewlines(source.slice(from, to));
      copied = to;
    }
    NON_CODE_START.lastIndex = next;
  }
  return out + source.slice(copied);
}

function blankExceptNewlines(text: string): string {
  return text.replace(/[^\n]/g, ' ');
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

const OPENERS = new Set(['{', '[', '(']);
const CLOSERS = new Set(['}', ']', ')']);

/**
 * For every bracket that opens in `masked`, the index of the bracket that closes it (kinds
 * are not told apart, as a depth count would not), or -1 when none does. Built in one pass and
 * kept for the last masked text: an edit asks for many pairs of the same text, and rescanning
 * from each bracket was most of the time create-edge-app spent editing edge.config.ts.
 */
let pairsOf: { masked: string; pairs: Int32Array } | undefined;

function bracketPairs(masked: string): Int32Array {
  if (pairsOf?.masked === masked) return pairsOf.pairs;
  const pairs = new Int32Array(masked.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < masked.length; i++) {
    const char = masked.charAt(i);
    if (OPENERS.has(char)) open.push(i);
    else if (CLOSERS.has(char)) {
      const start = open.pop();
      if (start !== undefined) pairs[start] = i;
    }
  }
  pairsOf = { masked, pairs };
  return pairs;
}

/** Index of the `}` that closes the `{` at `open`, or -1. */
export function matchingBrace(masked: string, open: number): number {
  if (!OPENERS.has(masked.charAt(open))) return -1;
  const close = bracketPairs(masked)[open] ?? -1;
  return close !== -1 && masked.charAt(close) === '}' ? close : -1;
}

/** Index of the `]` that closes the `[` at `open`, or -1. */
export function matchingBracket(masked: string, open: number): number {
  if (masked.charAt(open) !== '[') return -1;
  const close = bracketPairs(masked)[open] ?? -1;
  return close !== -1 && masked.charAt(close) === ']' ? close : -1;
}

/**
 * The top-level elements of the array literal whose `[` is at `open` (or the properties of
 * the object literal whose `{` is): where each starts (its first character) and ends (just
 * past its last), commas and comments excluded.
 */
export function arrayElements(masked: string, open: number): Array<{ start: number; end: number }> {
  const close =
    masked.charAt(open) === '{' ? matchingBrace(masked, open) : matchingBracket(masked, open);
  if (close === -1) return [];
  const pairs = bracketPairs(masked);
  const elements: Array<{ start: number; end: number }> = [];
  let start = -1;
  let end = -1;
  for (let i = open + 1; i < close; i++) {
    const char = masked.charAt(i);
    if (char === ',') {
      if (start !== -1) elements.push({ start, end });
      start = -1;
      continue;
    }
    if (isSpace(char)) continue;
    if (start === -1) start = i;
    if (OPENERS.has(char)) {
      const pair = pairs[i] ?? -1;
      if (pair === -1 || pair > close) break;
      i = pair;
    }
    end = i + 1;
  }
  if (start !== -1) elements.push({ start, end });
  return elements;
}

/** Index of the innermost `{` that is still open at `position`, or -1. */
export function enclosingBrace(masked: string, position: number): number {
  let depth = 0;
  for (let i = position - 1; i >= 0; i--) {
    const char = masked.charAt(i);
    if (CLOSERS.has(char)) depth++;
    else if (OPENERS.has(char)) {
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
  const name = escapeRegExp(key);
  const pattern = new RegExp(`(?:${name}|'${name}'|"${name}")\\s*:\\s*`, 'y');
  const pairs = bracketPairs(masked);
  // Keys stand at the first token after the object's `{` or after a `,` of its own.
  let atKey = true;
  for (let i = open + 1; i < close; i++) {
    const char = masked.charAt(i);
    if (isSpace(char)) continue;
    if (OPENERS.has(char)) {
      // A nested literal holds no keys of this object: skip to its end.
      const end = pairs[i] ?? -1;
      if (end === -1 || end > close) break;
      i = end;
      atKey = false;
      continue;
    }
    if (atKey) {
      pattern.lastIndex = i;
      const match = pattern.exec(source);
      if (match && i + match[0].length <= close) {
        found.push({ keyStart: i, valueStart: i + match[0].length });
      }
    }
    atKey = char === ',';
  }
  return found;
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\n' || char === '\t' || char === '\r' || /\s/.test(char);
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
