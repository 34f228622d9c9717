/**
 * Registers a function in `edge.config.ts` by editing its text, so the owner's formatting and
 * comments survive. The association goes into the `functions` object of the default behavior
 * (right after its `// edge:functions` marker when present) or of the behavior with the given
 * `pathPattern`. Anything that is not a plain object literal is refused with what to add by hand.
 */
import type { EventType } from '@edge-app/events';
import { EdgeUserError } from '../errors.ts';
import {
  enclosingBrace,
  findProperties,
  indentationAt,
  maskNonCode,
  matchingBrace,
  stringLiteralAt,
} from './source-scan.ts';

export const FUNCTIONS_MARKER = '// edge:functions';

export interface Association {
  eventType: EventType;
  /** The function's package name under packages/. */
  name: string;
  /** pathPattern of a behavior; the default behavior when absent. */
  behavior?: string | undefined;
}

/** `edge.config.ts` with the association added. Throws EdgeUserError and changes nothing otherwise. */
export function addAssociation(source: string, association: Association): string {
  const masked = maskNonCode(source);
  const behaviorOpen = findBehavior(source, masked, association.behavior);
  const where = describeBehavior(association.behavior);
  const entry = `'${association.eventType}': '${association.name}'`;

  const functionsProps = findProperties(source, masked, behaviorOpen, 'functions');
  const functionsProp = functionsProps[0];
  if (!functionsProp) {
    return appendProperty(source, masked, behaviorOpen, `functions: { ${entry} }`);
  }
  if (masked[functionsProp.valueStart] !== '{') {
    throw new EdgeUserError(
      `In edge.config.ts, \`functions\` of ${where} is not an object literal, so it cannot be edited safely.`,
      `Add \`${entry},\` to it by hand.`,
    );
  }
  const functionsOpen = functionsProp.valueStart;
  const existing = findProperties(source, masked, functionsOpen, association.eventType)[0];
  if (existing) {
    const current = currentFunctionName(source, existing.valueStart);
    throw new EdgeUserError(
      `${capitalize(where)} already has a ${association.eventType} function${current ? ` ("${current}")` : ''}; CloudFront allows one function per event type on a cache behavior.`,
      association.behavior
        ? 'Extend that function, or pick another event type.'
        : 'Extend that function, pick another event type, or attach the new one to another behavior (pass its pathPattern).',
    );
  }
  return insertIntoFunctions(source, masked, functionsOpen, entry);
}

/** The pathPattern of every behavior in `edge.config.ts`, in order. */
export function listBehaviorPatterns(source: string): string[] {
  return [...pathPatterns(source, maskNonCode(source))].map(({ value }) => value);
}

/** Every `pathPattern: '<literal>'` in code (not in a comment or string), in order. */
function* pathPatterns(
  source: string,
  masked: string,
): Generator<{ value: string; keyStart: number }> {
  for (const match of source.matchAll(/pathPattern\s*:\s*/g)) {
    if (masked[match.index] !== 'p') continue; // inside a comment or string
    const value = stringLiteralAt(source, match.index + match[0].length);
    if (value !== undefined) yield { value, keyStart: match.index };
  }
}

/** Index of the `{` of the chosen behavior's object literal. */
function findBehavior(source: string, masked: string, pathPattern: string | undefined): number {
  const configOpen = findConfigObject(masked);
  if (pathPattern === undefined) {
    const prop = findProperties(source, masked, configOpen, 'defaultBehavior')[0];
    if (!prop || masked[prop.valueStart] !== '{') {
      throw new EdgeUserError(
        'edge.config.ts has no `defaultBehavior: { ... }` object literal to add the function to.',
        'Restore `defaultBehavior: { origin: ..., functions: { /* edge:functions */ } }` in edge.config.ts, or pass the pathPattern of a behavior.',
      );
    }
    return prop.valueStart;
  }
  const patterns: string[] = [];
  for (const { value, keyStart } of pathPatterns(source, masked)) {
    patterns.push(value);
    if (value !== pathPattern) continue;
    const open = enclosingBrace(masked, keyStart);
    if (open === -1) break;
    return open;
  }
  throw new EdgeUserError(
    `edge.config.ts has no behavior with pathPattern ${JSON.stringify(pathPattern)}.`,
    patterns.length > 0
      ? `Use one of: ${patterns.map((p) => JSON.stringify(p)).join(', ')}, or leave the behavior out to use the default behavior.`
      : 'Add the behavior to `behaviors` in edge.config.ts first, or leave the behavior out to use the default behavior.',
  );
}

/** The `{` of the object passed to `defineConfig(...)` or exported as default. */
function findConfigObject(masked: string): number {
  const call = /defineConfig\s*\(\s*\{/.exec(masked);
  if (call) return call.index + call[0].length - 1;
  const plain = /export\s+default\s*\{/.exec(masked);
  if (plain) return plain.index + plain[0].length - 1;
  throw new EdgeUserError(
    'Cannot find the configuration object in edge.config.ts.',
    'It should end with `export default defineConfig({ ... })`.',
  );
}

function currentFunctionName(source: string, valueStart: number): string | undefined {
  const direct = stringLiteralAt(source, valueStart);
  if (direct !== undefined) return direct;
  const nested = /^\{\s*function\s*:\s*/.exec(source.slice(valueStart));
  return nested ? stringLiteralAt(source, valueStart + nested[0].length) : undefined;
}

function insertIntoFunctions(source: string, masked: string, open: number, entry: string): string {
  const close = matchingBrace(masked, open);
  const marker = findMarker(source, masked, open, close);
  const lineEnd = marker === -1 ? -1 : source.indexOf('\n', marker);
  // After the marker, below the associations already there, so they read in the order added.
  if (lineEnd === -1 || masked.slice(lineEnd, close).trim() !== '') {
    return appendProperty(source, masked, open, entry);
  }
  const indent = indentationAt(source, marker);
  return `${source.slice(0, lineEnd)}\n${indent}${entry},${source.slice(lineEnd)}`;
}

/**
 * Adds `property` as the last property of the object literal at `open`, in the object's own
 * layout: `{ a, b }` stays on one line, a multi-line object gets a new line at its indentation.
 */
function appendProperty(source: string, masked: string, open: number, property: string): string {
  const close = matchingBrace(masked, open);
  const singleLine = !source.slice(open, close).includes('\n');
  if (masked.slice(open + 1, close).trim() === '') {
    if (singleLine) return `${source.slice(0, open + 1)} ${property} ${source.slice(close)}`;
    const indent = indentationAt(source, close);
    return `${source.slice(0, open + 1)}\n${indent}  ${property},\n${indent}${source.slice(close)}`;
  }
  let last = close - 1;
  while (/\s/.test(masked[last] ?? '')) last--;
  const comma = masked[last] === ',' ? '' : ',';
  const head = `${source.slice(0, last + 1)}${comma}`;
  if (singleLine) return `${head} ${property}${source.slice(last + 1)}`;
  const closeOnOwnLine = masked.slice(last + 1, close).includes('\n');
  const indent = indentationAt(source, last);
  if (closeOnOwnLine) return `${head}\n${indent}${property},${source.slice(last + 1)}`;
  return `${head}\n${indent}${property},\n${indentationAt(source, open)}${source.slice(close)}`;
}

/** Position of the `// edge:functions` marker inside (open, close), or -1. */
function findMarker(source: string, masked: string, open: number, close: number): number {
  let at = source.indexOf(FUNCTIONS_MARKER, open);
  while (at !== -1 && at < close) {
    // Masked blanks comments, so a real marker is blank there; one inside a string is not.
    if (masked[at] === ' ' && !isInsideString(masked, at)) return at;
    at = source.indexOf(FUNCTIONS_MARKER, at + 1);
  }
  return -1;
}

function isInsideString(masked: string, at: number): boolean {
  const lineStart = masked.lastIndexOf('\n', at - 1) + 1;
  const before = masked.slice(lineStart, at);
  const quotes = (before.match(/['"`]/g) ?? []).length;
  return quotes % 2 === 1;
}

function describeBehavior(pathPattern: string | undefined): string {
  return pathPattern === undefined
    ? 'the default behavior'
    : `the behavior ${JSON.stringify(pathPattern)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
