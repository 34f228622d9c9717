/**
 * Registers a function in `edge.config.ts` by editing its text, so the owner's formatting and
 * comments survive. The association goes into the `functions` object of the default behavior
 * (right after its `// edge:functions` marker when present) or of the behavior with the given
 * `pathPattern`. Anything that is not a plain object literal is refused with what to add by hand.
 */
import type { EventType } from '@edge-app/events';
import { ToolsError } from '../errors.ts';
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

/** `edge.config.ts` with the association added. Throws ToolsError and changes nothing otherwise. */
export function addAssociation(source: string, association: Association): string {
  return addAssociations(source, [association]);
}

/**
 * `edge.config.ts` with every association added, exactly as adding them one at a time in order
 * would leave it (or throwing the error that would). create-edge-app adds one per function it
 * scaffolds, and each separate call masked and scanned the whole file again: when all go to
 * the same behavior under distinct event types, one scan finds the place and checks them all.
 */
export function addAssociations(source: string, associations: readonly Association[]): string {
  const first = associations[0];
  if (!first) return source;
  const sameBehavior = associations.every(({ behavior }) => behavior === first.behavior);
  const distinct = new Set(associations.map(({ eventType }) => eventType)).size;
  if (!sameBehavior || distinct !== associations.length) {
    // Another behavior is another object to find, and a repeated event type must fail with the
    // error the one-at-a-time edit gives once the entries before it are in.
    return associations.reduce(
      (edited, association) => addAssociation(edited, association),
      source,
    );
  }

  const masked = maskNonCode(source);
  const behaviorOpen = findBehavior(source, masked, first.behavior);
  const where = describeBehavior(first.behavior);
  const entries = associations.map(({ eventType, name }) => `'${eventType}': '${name}'`);

  const functionsProps = findProperties(source, masked, behaviorOpen, 'functions');
  const functionsProp = functionsProps[0];
  if (!functionsProp) {
    // The first association would create `functions: { a }` and the next append to that one line.
    return appendProperties(source, masked, behaviorOpen, [`functions: { ${entries.join(', ')} }`]);
  }
  if (masked[functionsProp.valueStart] !== '{') {
    throw new ToolsError(
      'scaffold',
      `In edge.config.ts, \`functions\` of ${where} is not an object literal, so it cannot be edited safely.`,
      { hint: `Add \`${entries[0]},\` to it by hand.` },
    );
  }
  const functionsOpen = functionsProp.valueStart;
  // The event types are distinct, so only an association already in the file can clash.
  for (const { eventType } of associations) {
    const existing = findProperties(source, masked, functionsOpen, eventType)[0];
    if (!existing) continue;
    const current = currentFunctionName(source, existing.valueStart);
    throw new ToolsError(
      'scaffold',
      `${capitalize(where)} already has a ${eventType} function${current ? ` ("${current}")` : ''}; CloudFront allows one function per event type on a cache behavior.`,
      {
        hint: first.behavior
          ? 'Extend that function, or pick another event type.'
          : 'Extend that function, pick another event type, or attach the new one to another behavior (pass its pathPattern).',
      },
    );
  }
  return insertIntoFunctions(source, masked, functionsOpen, entries);
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
      throw new ToolsError(
        'scaffold',
        'edge.config.ts has no `defaultBehavior: { ... }` object literal to add the function to.',
        {
          hint: 'Restore `defaultBehavior: { origin: ..., functions: { /* edge:functions */ } }` in edge.config.ts, or pass the pathPattern of a behavior.',
        },
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
  throw new ToolsError(
    'scaffold',
    `edge.config.ts has no behavior with pathPattern ${JSON.stringify(pathPattern)}.`,
    {
      hint:
        patterns.length > 0
          ? `Use one of: ${patterns.map((p) => JSON.stringify(p)).join(', ')}, or leave the behavior out to use the default behavior.`
          : 'Add the behavior to `behaviors` in edge.config.ts first, or leave the behavior out to use the default behavior.',
    },
  );
}

/** The `{` of the object passed to `defineConfig(...)` or exported as default. */
export function findConfigObject(masked: string): number {
  const call = /defineConfig\s*\(\s*\{/.exec(masked);
  if (call) return call.index + call[0].length - 1;
  const plain = /export\s+default\s*\{/.exec(masked);
  if (plain) return plain.index + plain[0].length - 1;
  throw new ToolsError('scaffold', 'Cannot find the configuration object in edge.config.ts.', {
    hint: 'It should end with `export default defineConfig({ ... })`.',
  });
}

function currentFunctionName(source: string, valueStart: number): string | undefined {
  const direct = stringLiteralAt(source, valueStart);
  if (direct !== undefined) return direct;
  const nested = /^\{\s*function\s*:\s*/.exec(source.slice(valueStart));
  return nested ? stringLiteralAt(source, valueStart + nested[0].length) : undefined;
}

function insertIntoFunctions(
  source: string,
  masked: string,
  open: number,
  entries: readonly string[],
): string {
  const close = matchingBrace(masked, open);
  const marker = findMarker(source, masked, open, close);
  const lineEnd = marker === -1 ? -1 : source.indexOf('\n', marker);
  // After the marker, below the associations already there, so they read in the order added.
  // A marker in a block comment on the object's closing line ends its line outside the object.
  if (lineEnd === -1 || lineEnd > close || masked.slice(lineEnd, close).trim() !== '') {
    return appendProperties(source, masked, open, entries);
  }
  const indent = indentationAt(source, marker);
  return `${source.slice(0, lineEnd)}${onLines(entries, indent)}${source.slice(lineEnd)}`;
}

/**
 * Adds `properties` after the last property of the object literal at `open`, in the object's
 * own layout: `{ a, b }` stays on one line, a multi-line object gets a new line for each at its
 * indentation.
 */
export function appendProperties(
  source: string,
  masked: string,
  open: number,
  properties: readonly string[],
): string {
  const close = matchingBrace(masked, open);
  const singleLine = !source.slice(open, close).includes('\n');
  if (masked.slice(open + 1, close).trim() === '') {
    // No property yet, but perhaps the owner's comments: they stay, the properties follow them.
    let end = close - 1;
    while (end > open && /\s/.test(source[end] ?? '')) end--;
    const before = source.slice(0, end + 1);
    if (singleLine) return `${before} ${properties.join(', ')} ${source.slice(close)}`;
    const indent = indentationAt(source, close);
    return `${before}${onLines(properties, `${indent}  `)}\n${indent}${source.slice(close)}`;
  }
  let last = close - 1;
  while (/\s/.test(masked[last] ?? '')) last--;
  const comma = masked[last] === ',' ? '' : ',';
  const head = `${source.slice(0, last + 1)}${comma}`;
  if (singleLine) return `${head} ${properties.join(', ')}${source.slice(last + 1)}`;
  const closeOnOwnLine = masked.slice(last + 1, close).includes('\n');
  const lines = onLines(properties, indentationAt(source, last));
  if (closeOnOwnLine) return `${head}${lines}${source.slice(last + 1)}`;
  return `${head}${lines}\n${indentationAt(source, open)}${source.slice(close)}`;
}

/** Each property on a line of its own, with a trailing comma. */
export function onLines(properties: readonly string[], indent: string): string {
  return properties.map((property) => `\n${indent}${property},`).join('');
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
