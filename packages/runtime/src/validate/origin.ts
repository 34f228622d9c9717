/**
 * The origin an origin-request function returns: exactly one of `custom` or `s3`, their
 * fields (origin-fields.ts) and their custom headers ("Lambda@Edge event structure"; facts
 * §2.3).
 */
import { isDeepStrictEqual } from 'node:util';
import { type Headers, type Origin, toTitleCase } from '@edge-app/events';
import { isDisallowedHeader } from './header-lists.ts';
import { normalizeHeaders } from './headers.ts';
import { checkCustomFields, checkS3Fields, type Written } from './origin-fields.ts';
import { report, type Violations } from './rules.ts';
import { describeValue, isRecord, key } from './values.ts';

export { ORIGIN_TIMEOUT_RANGES } from './origin-fields.ts';

const PATH = 'request.origin';

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Checks `request.origin` in an origin-request result and returns it with custom headers
 * normalized. `before` is the origin the event carried; `requestHeaders` the returned
 * request's headers, which custom headers may not duplicate.
 */
export function checkOrigin(
  before: Origin | undefined,
  value: unknown,
  requestHeaders: Headers,
  out: Violations,
): Origin | undefined {
  const hasCustom = isRecord(value) && isPresent(value.custom);
  const hasS3 = isRecord(value) && isPresent(value.s3);
  if (!isRecord(value) || hasCustom === hasS3) {
    report(
      out,
      'origin-shape',
      `${PATH} is ${describeOrigin(value)}; it must contain exactly one of 'custom' or 's3'.`,
      `Keep the origin the event had, or replace it entirely: ${PATH} = { custom: { ... } } or { s3: { ... } }.`,
    );
    return before;
  }
  const kind = hasCustom ? 'custom' : 's3';
  const fields = value[kind];
  const path = `${PATH}.${kind}`;
  if (!isRecord(fields)) {
    report(
      out,
      'origin-shape',
      `${path} is ${describeValue(fields)}, not an object.`,
      `Set ${path} to an object with the origin's fields.`,
    );
    return before;
  }
  // Compared with the same kind of origin in the event; after a swap every field is new.
  const previous: unknown = before?.[kind];
  const written: Written = (field) =>
    !isRecord(previous) || !isDeepStrictEqual(previous[field], fields[field]);
  if (kind === 'custom') checkCustomFields(fields, path, written, out);
  else checkS3Fields(fields, path, { written, switchedFromCustom: Boolean(before?.custom) }, out);
  const customHeaders = checkCustomHeaders(fields.customHeaders, path, requestHeaders, out);
  return { ...value, [kind]: { ...fields, customHeaders } } as unknown as Origin;
}

function describeOrigin(value: unknown): string {
  if (!isRecord(value)) return describeValue(value);
  return isPresent(value.custom) ? 'both custom and s3' : 'neither custom nor s3';
}

function checkCustomHeaders(
  value: unknown,
  originPath: string,
  requestHeaders: Headers,
  out: Violations,
): Headers {
  const path = `${originPath}.customHeaders`;
  const headers = normalizeHeaders(value, path, out);
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (isDisallowedHeader(lower)) {
      report(
        out,
        'origin-custom-header-disallowed',
        `${key(path, name)} uses the disallowed header name '${toTitleCase(lower)}'.`,
        `Remove ${key(path, name)}; CloudFront does not let functions set this header.`,
      );
    }
    if (Object.hasOwn(requestHeaders, lower)) {
      report(
        out,
        'origin-custom-header-duplicate',
        `${key(path, name)} duplicates the request header '${lower}'; a custom origin header may not repeat a header of the request.`,
        `Set the value in request.headers['${lower}'] instead, or remove one of the two.`,
      );
    }
  }
  return headers;
}
