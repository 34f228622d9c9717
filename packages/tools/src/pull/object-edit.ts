/**
 * Edits of one property of an object literal in edge.config.ts's text, on top of the scanner
 * the scaffold uses (scaffold/source-scan.ts): set a value, add, remove or rename a property.
 * Everything around the property — the owner's comments, other properties, layout — stays as
 * it was. Each edit takes the source and returns a new one; positions are found afresh.
 */
import { appendProperties } from '../scaffold/config-edit.ts';
import {
  arrayElements,
  findProperties,
  indentationAt,
  maskNonCode,
  matchingBrace,
} from '../scaffold/source-scan.ts';
import { renderKey, renderValue } from './render.ts';

export interface PropertySpan {
  /** Where the key starts. */
  keyStart: number;
  valueStart: number;
  /** Just past the value. */
  end: number;
}

/** The property `key` directly inside the object literal at `open`, or undefined. */
export function propertySpan(
  source: string,
  masked: string,
  open: number,
  key: string,
): PropertySpan | undefined {
  const prop = findProperties(source, masked, open, key)[0];
  if (!prop) return undefined;
  const element = arrayElements(masked, open).find((e) => e.start === prop.keyStart);
  if (!element) return undefined;
  return { keyStart: prop.keyStart, valueStart: prop.valueStart, end: element.end };
}

/**
 * `key` set to `value` in the object literal at `open`: its value replaced, or the property
 * added after `after` (the first of those keys present), or last. `undefined` removes it.
 */
export function setProperty(
  source: string,
  open: number,
  key: string,
  value: unknown,
  after: readonly string[] = [],
): string {
  const masked = maskNonCode(source);
  const span = propertySpan(source, masked, open, key);
  if (value === undefined) return span ? removeSpan(source, masked, open, span) : source;
  if (span) {
    const indent = indentationAt(source, span.keyStart);
    const column = span.valueStart - (source.lastIndexOf('\n', span.valueStart - 1) + 1);
    return `${source.slice(0, span.valueStart)}${renderValue(value, indent, column)}${source.slice(span.end)}`;
  }
  return addProperty(source, masked, open, key, value, after);
}

function addProperty(
  source: string,
  masked: string,
  open: number,
  key: string,
  value: unknown,
  after: readonly string[],
): string {
  const close = matchingBrace(masked, open);
  const elements = arrayElements(masked, open);
  const multiLine = source.slice(open, close).includes('\n');
  const indent = multiLine
    ? elements[0]
      ? indentationAt(source, elements[0].start)
      : `${indentationAt(source, close)}  `
    : indentationAt(source, open);
  const name = renderKey(key);
  const text = `${name}: ${renderValue(value, indent, indent.length + name.length + 2)}`;
  const anchor = after
    .map((k) => propertySpan(source, masked, open, k))
    .find((span): span is PropertySpan => span !== undefined);
  if (multiLine && anchor) {
    let pos = anchor.end;
    while (source[pos] === ' ' || source[pos] === '\t') pos++;
    const comma = masked[pos] === ',';
    if (comma) pos++;
    const lineEnd = source.indexOf('\n', pos);
    // Only when the anchor ends its line (perhaps with a comment) does the new one get a line of its own after it.
    if (lineEnd !== -1 && lineEnd < close && masked.slice(pos, lineEnd).trim() === '') {
      const head = comma
        ? source.slice(0, lineEnd)
        : `${source.slice(0, anchor.end)},${source.slice(anchor.end, lineEnd)}`;
      return `${head}\n${indent}${text},${source.slice(lineEnd)}`;
    }
  }
  return appendProperties(source, masked, open, [text]);
}

/** The object literal without the property `key`; comments above it stay. */
export function removeProperty(source: string, open: number, key: string): string {
  const masked = maskNonCode(source);
  const span = propertySpan(source, masked, open, key);
  return span ? removeSpan(source, masked, open, span) : source;
}

function removeSpan(source: string, masked: string, open: number, span: PropertySpan): string {
  const close = matchingBrace(masked, open);
  let after = span.end;
  while (after < close && /[ \t]/.test(source[after] ?? '')) after++;
  const comma = masked[after] === ',';
  if (comma) after++;
  const lineStart = source.lastIndexOf('\n', span.keyStart - 1) + 1;
  const lineEnd = source.indexOf('\n', after);
  const ownLine =
    source.slice(lineStart, span.keyStart).trim() === '' &&
    lineEnd !== -1 &&
    lineEnd < close &&
    masked.slice(after, lineEnd).trim() === '';
  if (ownLine) {
    // The whole line (and a comment that ends it, which is about this property) goes.
    return source.slice(0, lineStart) + source.slice(lineEnd + 1);
  }
  if (comma) {
    let next = after;
    while (next < close && /\s/.test(masked[next] ?? '')) next++;
    return source.slice(0, span.keyStart) + source.slice(next);
  }
  // The last property on a shared line: the comma before it goes instead.
  let before = span.keyStart - 1;
  while (before > open && /\s/.test(masked[before] ?? '')) before--;
  const from = masked[before] === ',' ? before : span.keyStart;
  return source.slice(0, from) + source.slice(span.end);
}

/** The property `from` renamed to `to`, its value and comments untouched. */
export function renameProperty(source: string, open: number, from: string, to: string): string {
  const masked = maskNonCode(source);
  const prop = findProperties(source, masked, open, from)[0];
  if (!prop) return source;
  // The masked text: a colon inside a quoted key is blanked there.
  const keyEnd = masked.indexOf(':', prop.keyStart);
  return `${source.slice(0, prop.keyStart)}${renderKey(to)}${source.slice(keyEnd)}`;
}
