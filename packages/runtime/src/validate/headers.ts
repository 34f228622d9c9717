/**
 * Header maps: their shape, then what changed compared with the event
 * (docs/cloudfront-rules.md#header-shape, docs/cloudfront-rules.md#read-only-headers).
 */
import { type EventType, type HeaderEntry, type Headers, toTitleCase } from '@edge-app/events';
import { CLOUDFRONT_HEADER_PREFIX, isDisallowedHeader, READ_ONLY_HEADERS } from './header-lists.ts';
import { report, type Violations } from './rules.ts';
import { describeValue, hasControlCharacter, isRecord, key } from './values.ts';

// RFC 9110 §5.6.2 token characters, lower case since map keys are lower-cased names.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/**
 * Checks a header map and returns it with every missing `key` filled in title case. Returns
 * the input object itself when nothing needed filling, so the common case allocates nothing.
 * A missing map (`undefined`) reads as no headers.
 */
export function normalizeHeaders(value: unknown, path: string, out: Violations): Headers {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    report(
      out,
      'header-shape',
      `${path} is ${describeValue(value)}, not a map of header name to an array of { key, value }.`,
      `Set ${path} to an object such as { 'cache-control': [{ key: 'Cache-Control', value: 'no-cache' }] }.`,
    );
    return {};
  }
  let normalized: Headers | undefined;
  for (const name of Object.keys(value)) {
    const entries = value[name];
    checkName(name, path, out);
    if (!Array.isArray(entries)) {
      const at = key(path, name);
      report(
        out,
        'header-shape',
        `${at} is ${describeValue(entries)}, not an array of { key, value }.`,
        `Wrap the header in an array: ${at} = [{ key: '${toTitleCase(name.toLowerCase())}', value: '...' }].`,
      );
      continue;
    }
    const filled = normalizeEntries(name, entries, path, out);
    if (filled !== entries) {
      normalized ??= { ...(value as Headers) };
      normalized[name] = filled;
    }
  }
  return normalized ?? (value as Headers);
}

// Paths in messages are built only when something is reported: this runs for every header of
// every result.
function checkName(name: string, path: string, out: Violations): void {
  const lower = name.toLowerCase();
  if (name !== lower) {
    report(
      out,
      'header-key-mismatch',
      `header map key '${name}' is not lower case.`,
      `Use the lower-case name as the map key (${key('headers', lower)}) and keep the spelling in \`key\`.`,
    );
  }
  if (!HEADER_NAME.test(lower)) {
    report(
      out,
      'header-name-characters',
      `header name at ${key(path, name)} contains characters not allowed in an HTTP header name.`,
      "Use only letters, digits and !#$%&'*+-.^_`|~ in header names.",
    );
  }
}

function normalizeEntries(
  name: string,
  entries: unknown[],
  path: string,
  out: Violations,
): HeaderEntry[] {
  let filled: HeaderEntry[] | undefined;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (!isRecord(entry)) {
      report(
        out,
        'header-shape',
        `${lineAt(path, name, index)} is ${describeValue(entry)}, not { key, value }.`,
        `Write the header line as { key: '${toTitleCase(name.toLowerCase())}', value: '...' }.`,
      );
      continue;
    }
    const { key: spelling, value } = entry;
    if (
      spelling !== undefined &&
      // A map key that is not lower case is reported once, by checkName.
      (typeof spelling !== 'string' || spelling.toLowerCase() !== name.toLowerCase())
    ) {
      report(
        out,
        'header-key-mismatch',
        `${lineAt(path, name, index)}.key is ${describeValue(spelling)}, which does not match the map key '${name}' when lower-cased.`,
        `Set ${lineAt(path, name, index)}.key to a spelling of '${name}' (e.g. '${toTitleCase(name)}') or store the header under the map key '${typeof spelling === 'string' ? spelling.toLowerCase() : name}'.`,
      );
    }
    if (typeof value !== 'string') {
      report(
        out,
        'header-value-type',
        `${lineAt(path, name, index)}.value is ${describeValue(value)}; header values must be strings.`,
        `Convert it: value: String(...).`,
      );
    } else if (hasControlCharacter(value, true)) {
      // Tab is legal whitespace in a value; a CR or LF would split the header on the wire.
      report(
        out,
        'header-value-characters',
        `${lineAt(path, name, index)}.value contains a control character (CR, LF or similar).`,
        'Remove line breaks and control characters from header values; send each value as its own { key, value } entry.',
      );
    }
    if (spelling === undefined) {
      filled ??= entries.slice() as HeaderEntry[];
      filled[index] = { ...(entry as unknown as HeaderEntry), key: toTitleCase(name) };
    }
  }
  return filled ?? (entries as HeaderEntry[]);
}

/** `headers['x-a'][0]` */
function lineAt(path: string, name: string, index: number): string {
  return `${key(path, name)}[${index}]`;
}

const NO_ENTRIES: readonly HeaderEntry[] = [];

/** The lines of one header, or none when absent or malformed (reported elsewhere). */
function entriesOf(headers: Headers, name: string): readonly HeaderEntry[] {
  const entries = Object.hasOwn(headers, name) ? headers[name] : undefined;
  return Array.isArray(entries) ? entries : NO_ENTRIES;
}

/** Same values in the same order; the `key` spelling does not matter. */
function sameValues(before: Headers, after: Headers, name: string): boolean {
  const a = entriesOf(before, name);
  const b = entriesOf(after, name);
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    if (a[index]?.value !== b[index]?.value) return false;
  }
  return true;
}

/** How a header reads in a message: as the function spelled it, else as CloudFront would. */
function spellingOf(headers: Headers, name: string, fallback?: Headers): string {
  const spelling = entriesOf(headers, name)[0]?.key;
  if (typeof spelling === 'string') return spelling;
  return fallback ? spellingOf(fallback, name) : toTitleCase(name);
}

type Change = 'added' | 'deleted' | 'changed';

function changeOf(before: Headers, after: Headers, name: string): Change | undefined {
  if (sameValues(before, after, name)) return undefined;
  if (entriesOf(before, name).length === 0) return 'added';
  return entriesOf(after, name).length === 0 ? 'deleted' : 'changed';
}

export interface HeaderChangeCheck {
  eventType: EventType;
  /** The headers the event carried; `{}` for a response the function generated. */
  before: Headers;
  after: Headers;
  path: string;
  /** Read-only rules protect what the event carried; a generated response carried nothing. */
  generated: boolean;
}

/** Disallowed, read-only and CloudFront-* headers, compared with what the event carried. */
export function checkHeaderChanges(check: HeaderChangeCheck, out: Violations): void {
  const { eventType, before, after, path } = check;
  for (const name of Object.keys(after)) {
    const lower = name.toLowerCase();
    // Passing through a header the event already had is not adding it.
    const change = isDisallowedHeader(lower) ? changeOf(before, after, name) : undefined;
    if (change === 'added' || change === 'changed') {
      report(
        out,
        'disallowed-header',
        `the function ${change} the disallowed header '${spellingOf(after, name)}' at ${key(path, name)}. CloudFront does not let functions set it.`,
        `Remove ${key(path, name)}; CloudFront manages this header itself.`,
      );
    }
    if (
      eventType === 'viewer-request' &&
      !check.generated &&
      lower.startsWith(CLOUDFRONT_HEADER_PREFIX) &&
      changeOf(before, after, name) !== undefined &&
      entriesOf(after, name).length > 0
    ) {
      report(
        out,
        'cloudfront-header',
        `the function added '${spellingOf(after, name)}' in a viewer-request event. CloudFront adds CloudFront-* headers after viewer-request.`,
        `Remove ${key(path, name)}, or read it in an origin-request function instead (enable it in the cache or origin request policy).`,
      );
    }
  }
  if (check.generated) return;
  for (const name of READ_ONLY_HEADERS[eventType]) {
    const change = changeOf(before, after, name);
    if (!change) continue;
    report(
      out,
      'read-only-header',
      `The function tried to add, delete, or change a read-only header. It ${change} '${spellingOf(after, name, before)}' at ${key(path, name)}, which is read-only in ${eventType}.`,
      `Leave ${key(path, name)} as the event had it${change === 'added' ? ' (do not add it)' : ''}.`,
    );
  }
}
