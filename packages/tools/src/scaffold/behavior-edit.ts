/**
 * Adds a cache behavior for a path pattern to `behaviors` in `edge.config.ts`, by editing its
 * text as config-edit.ts does, so the owner's formatting and comments survive. The behavior
 * uses the default behavior's origin and has no functions yet (an association follows).
 *
 * CloudFront uses the first behavior whose pattern matches the request path
 * (docs/cloudfront-rules.md#behavior-selection), so a new pattern goes before the first
 * existing one that would catch all of its paths (`/api/admin/*` before `/api/*`), else last.
 */
import { compilePathPattern } from '@edge-app/runtime';
import { ToolsError } from '../errors.ts';
import { appendProperties, findConfigObject, listBehaviorPatterns } from './config-edit.ts';
import {
  arrayElements,
  findProperties,
  indentationAt,
  maskNonCode,
  matchingBracket,
  stringLiteralAt,
} from './source-scan.ts';

const PATH_PATTERN_DOCS =
  'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern';
const MAX_PATTERN_LENGTH = 255;
/** What CloudFront accepts in a path pattern, `*` and `?` being its wildcards. */
const PATTERN_CHARACTERS = /[A-Za-z0-9_\-.*?$/~"'@:+&]/g;

/** Why `pattern` cannot be a behavior's path pattern, or undefined when it can. */
export function pathPatternProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'it is empty';
  if (pattern === '*') return '"*" is the default behavior\'s pattern';
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `it is longer than ${MAX_PATTERN_LENGTH} characters`;
  }
  const others = [...new Set(pattern.replace(PATTERN_CHARACTERS, ''))];
  if (others.length > 0) {
    return `CloudFront does not allow ${others.map((c) => JSON.stringify(c)).join(' ')} in a path pattern (letters, digits and _ - . * ? $ / ~ " ' @ : + & only; ${PATH_PATTERN_DOCS})`;
  }
  return undefined;
}

export function assertPathPattern(pattern: string): void {
  const problem = pathPatternProblem(pattern);
  if (problem) {
    throw new ToolsError('scaffold', `"${pattern}" cannot be a path pattern: ${problem}.`, {
      hint: 'Use a pattern such as /api/* or *.jpg.',
    });
  }
}

/** `edge.config.ts` with a behavior for `pathPattern` added; throws ToolsError otherwise. */
export function addBehavior(source: string, pathPattern: string): string {
  assertPathPattern(pathPattern);
  if (listBehaviorPatterns(source).includes(pathPattern)) {
    throw new ToolsError(
      'scaffold',
      `edge.config.ts already has a behavior with pathPattern ${JSON.stringify(pathPattern)}.`,
      { hint: 'Add the function to that behavior instead.' },
    );
  }
  const masked = maskNonCode(source);
  const configOpen = findConfigObject(masked);
  const origin = defaultOrigin(source, masked, configOpen);
  const element = `{ pathPattern: ${quoted(pathPattern)}${origin === undefined ? '' : `, origin: ${quoted(origin)}`} }`;

  const behaviors = findProperties(source, masked, configOpen, 'behaviors')[0];
  if (!behaviors) return appendProperties(source, masked, configOpen, [`behaviors: [${element}]`]);
  const open = behaviors.valueStart;
  const close = matchingBracket(masked, open);
  if (close === -1) {
    throw new ToolsError(
      'scaffold',
      'In edge.config.ts, `behaviors` is not an array literal, so it cannot be edited safely.',
      { hint: `Add \`${element},\` to it by hand.` },
    );
  }
  const elements = arrayElements(masked, open);
  const singleLine = !source.slice(open, close).includes('\n');
  const matchesNew = (start: number) => {
    const pattern = patternOfElement(source, masked, start);
    return pattern !== undefined && compilePathPattern(pattern)(slashed(pathPattern));
  };
  const before = elements.find(({ start }) => masked[start] === '{' && matchesNew(start));
  if (before) {
    const lineStart = source.lastIndexOf('\n', before.start - 1) + 1;
    const ownLine = !singleLine && source.slice(lineStart, before.start).trim() === '';
    const separator = ownLine ? `,\n${indentationAt(source, before.start)}` : ', ';
    return `${source.slice(0, before.start)}${element}${separator}${source.slice(before.start)}`;
  }
  const last = elements.at(-1);
  if (!last) {
    // An empty array, perhaps holding the owner's comments: the element follows them.
    if (singleLine) return `${source.slice(0, open + 1)}${element}${source.slice(close)}`;
    let end = close - 1;
    while (end > open && /\s/.test(source[end] ?? '')) end--;
    const indent = indentationAt(source, close);
    return `${source.slice(0, end + 1)}\n${indent}  ${element},\n${indent}${source.slice(close)}`;
  }
  let tail = close - 1;
  while (/\s/.test(masked[tail] ?? '')) tail--;
  const comma = masked[tail] === ',' ? '' : ',';
  const head = `${source.slice(0, tail + 1)}${comma}`;
  if (singleLine) return `${head} ${element}${source.slice(tail + 1)}`;
  const indent = indentationAt(source, last.start);
  const lineEnd = source.indexOf('\n', tail + 1);
  if (lineEnd !== -1 && lineEnd < close) {
    // The closing bracket is on a later line: the element goes on a line of its own after
    // the last one, past any comment that ends that line.
    return `${head}${source.slice(tail + 1, lineEnd)}\n${indent}${element},${source.slice(lineEnd)}`;
  }
  return `${head}\n${indent}${element},\n${indentationAt(source, open)}${source.slice(tail + 1).trimStart()}`;
}

/** `defaultBehavior.origin` when it is a string literal. */
function defaultOrigin(source: string, masked: string, configOpen: number): string | undefined {
  const behavior = findProperties(source, masked, configOpen, 'defaultBehavior')[0];
  if (!behavior || masked[behavior.valueStart] !== '{') return undefined;
  const origin = findProperties(source, masked, behavior.valueStart, 'origin')[0];
  return origin ? stringLiteralAt(source, origin.valueStart) : undefined;
}

function patternOfElement(source: string, masked: string, open: number): string | undefined {
  const prop = findProperties(source, masked, open, 'pathPattern')[0];
  return prop ? stringLiteralAt(source, prop.valueStart) : undefined;
}

/** A pattern read as the path it names; CloudFront treats both spellings alike. */
function slashed(pattern: string): string {
  return pattern.startsWith('/') ? pattern : `/${pattern}`;
}

function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
