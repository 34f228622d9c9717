/**
 * The origin an origin-request function returns ("Lambda@Edge event structure", origin
 * fields; facts §1.3, §2.3).
 */
import { isIP } from 'node:net';
import {
  type CustomOrigin,
  type Headers,
  type Origin,
  type S3Origin,
  toTitleCase,
} from '@edge-app/events';
import { isDisallowedHeader } from './header-lists.ts';
import { normalizeHeaders } from './headers.ts';
import { report, type Violations } from './rules.ts';
import { describeValue, hasControlCharacter, isRecord, key } from './values.ts';

/**
 * Timeout ranges, seconds. The 2023 event-structure text gives readTimeout 4–60 and
 * keepaliveTimeout 1–60 (DG-2023 lambda-event-structure); the latest quotas page
 * (cloudfront-limits.html) lets both reach 1–120 for the distribution's origin settings.
 * What a function may set is documented only by the 2023 text, so that range applies.
 */
export const ORIGIN_TIMEOUT_RANGES = {
  readTimeout: { min: 4, max: 60 },
  keepaliveTimeout: { min: 1, max: 60 },
} as const;

const SSL_PROTOCOLS: ReadonlySet<string> = new Set(['TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3']);
const MAX_CUSTOM_DOMAIN = 253;
const MAX_S3_DOMAIN = 128;
const MAX_PATH = 255;

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
  const path = 'request.origin';
  const hasCustom = isRecord(value) && value.custom !== undefined && value.custom !== null;
  const hasS3 = isRecord(value) && value.s3 !== undefined && value.s3 !== null;
  if (!isRecord(value) || hasCustom === hasS3) {
    report(
      out,
      'origin-shape',
      `${path} is ${describeOrigin(value)}; it must contain exactly one of 'custom' or 's3'.`,
      `Keep the origin the event had, or replace it entirely: ${path} = { custom: { ... } } or { s3: { ... } }.`,
    );
    return before;
  }
  if (hasCustom) {
    if (!isRecord(value.custom)) return shapeOf(value.custom, `${path}.custom`, before, out);
    const custom = checkCustom(value.custom, `${path}.custom`, requestHeaders, out);
    return { ...value, custom } as Origin;
  }
  if (!isRecord(value.s3)) return shapeOf(value.s3, `${path}.s3`, before, out);
  const s3 = checkS3(value.s3, `${path}.s3`, before, requestHeaders, out);
  return { ...value, s3 } as Origin;
}

function describeOrigin(value: unknown): string {
  if (!isRecord(value)) return describeValue(value);
  const custom = value.custom !== undefined && value.custom !== null;
  const s3 = value.s3 !== undefined && value.s3 !== null;
  return custom && s3 ? 'both custom and s3' : 'neither custom nor s3';
}

function shapeOf(
  value: unknown,
  path: string,
  before: Origin | undefined,
  out: Violations,
): Origin | undefined {
  report(
    out,
    'origin-shape',
    `${path} is ${describeValue(value)}, not an object.`,
    `Set ${path} to an object with the origin's fields.`,
  );
  return before;
}

function checkCustom(
  custom: Record<string, unknown>,
  path: string,
  requestHeaders: Headers,
  out: Violations,
): CustomOrigin {
  const { domainName, port, protocol, path: originPath, sslProtocols } = custom;
  if (
    typeof domainName !== 'string' ||
    domainName.length === 0 ||
    domainName.length > MAX_CUSTOM_DOMAIN ||
    domainName.includes(':') ||
    isIP(domainName) !== 0
  ) {
    report(
      out,
      'origin-domain-name',
      `${path}.domainName is ${describeValue(domainName)}; a custom origin needs a host name of 1–${MAX_CUSTOM_DOMAIN} characters, without a colon (no port) and not an IP address.`,
      `Set ${path}.domainName to a DNS name such as 'example.com' and the port in ${path}.port.`,
    );
  }
  if (!isValidPort(port)) {
    report(
      out,
      'origin-port',
      `${path}.port is ${describeValue(port)}; it must be 80, 443 or 1024–65535.`,
      `Set ${path}.port to 443 for HTTPS, 80 for HTTP, or a port from 1024 to 65535.`,
    );
  }
  if (protocol !== 'http' && protocol !== 'https') {
    report(
      out,
      'origin-protocol',
      `${path}.protocol is ${describeValue(protocol)}; it must be 'http' or 'https'.`,
      `Set ${path}.protocol to 'https' (or 'http').`,
    );
  }
  checkTimeout(custom, 'readTimeout', 'origin-read-timeout', path, out);
  checkTimeout(custom, 'keepaliveTimeout', 'origin-keepalive-timeout', path, out);
  checkPath(originPath, `${path}.path`, out);
  if (
    !Array.isArray(sslProtocols) ||
    sslProtocols.length === 0 ||
    !sslProtocols.every((protocolName) => SSL_PROTOCOLS.has(protocolName))
  ) {
    report(
      out,
      'origin-ssl-protocols',
      `${path}.sslProtocols is ${describeValue(sslProtocols)}; it must be a non-empty list of 'TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'.`,
      `Set ${path}.sslProtocols = ['TLSv1.2'] (or another subset of those four).`,
    );
  }
  const customHeaders = checkCustomHeaders(custom.customHeaders, path, requestHeaders, out);
  return { ...custom, customHeaders } as unknown as CustomOrigin;
}

function isValidPort(port: unknown): boolean {
  if (typeof port !== 'number' || !Number.isInteger(port)) return false;
  return port === 80 || port === 443 || (port >= 1024 && port <= 65535);
}

function checkTimeout(
  custom: Record<string, unknown>,
  field: keyof typeof ORIGIN_TIMEOUT_RANGES,
  rule: 'origin-read-timeout' | 'origin-keepalive-timeout',
  path: string,
  out: Violations,
): void {
  const value = custom[field];
  const { min, max } = ORIGIN_TIMEOUT_RANGES[field];
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return;
  report(
    out,
    rule,
    `${path}.${field} is ${describeValue(value)}; it must be a whole number of seconds from ${min} to ${max}.`,
    `Set ${path}.${field} between ${min} and ${max}, within what the origin supports.`,
  );
}

function checkPath(value: unknown, path: string, out: Violations): void {
  // Spaces or control characters mean the path was not URL-encoded.
  if (
    typeof value === 'string' &&
    value.length <= MAX_PATH &&
    !value.includes(' ') &&
    !hasControlCharacter(value)
  )
    return;
  report(
    out,
    'origin-path',
    `${path} is ${describeValue(value)}; it must be a URL-encoded string of at most ${MAX_PATH} characters ('' for none).`,
    `Set ${path} to '' or a URL-encoded path such as '/prod'.`,
  );
}

function checkS3(
  s3: Record<string, unknown>,
  path: string,
  before: Origin | undefined,
  requestHeaders: Headers,
  out: Violations,
): S3Origin {
  const { domainName, authMethod, region } = s3;
  if (
    typeof domainName !== 'string' ||
    domainName.length === 0 ||
    domainName.length > MAX_S3_DOMAIN ||
    domainName !== domainName.toLowerCase()
  ) {
    report(
      out,
      'origin-domain-name',
      `${path}.domainName is ${describeValue(domainName)}; an S3 origin needs a lower-case bucket domain of 1–${MAX_S3_DOMAIN} characters.`,
      `Set ${path}.domainName to the bucket's domain in lower case, e.g. 'my-bucket.s3.us-east-1.amazonaws.com'.`,
    );
  }
  if (authMethod !== 'origin-access-identity' && authMethod !== 'none') {
    report(
      out,
      'origin-auth-method',
      `${path}.authMethod is ${describeValue(authMethod)}; it must be 'origin-access-identity' or 'none' (origin access control is not supported here).`,
      `Set ${path}.authMethod to 'none', or to 'origin-access-identity' with ${path}.region.`,
    );
  } else if (authMethod === 'origin-access-identity') {
    if (before?.custom) {
      report(
        out,
        'origin-auth-method',
        `${path}.authMethod is 'origin-access-identity', but the event's origin was custom; an origin access identity cannot be used when switching from a custom origin to S3.`,
        `Set ${path}.authMethod to 'none' and make the objects readable, or give the behavior an S3 origin with the identity in the distribution.`,
      );
    }
    if (typeof region !== 'string' || region.length === 0) {
      report(
        out,
        'origin-region',
        `${path}.region is ${describeValue(region)}; it is required when authMethod is 'origin-access-identity'.`,
        `Set ${path}.region to the bucket's Region, e.g. 'us-east-1'.`,
      );
    }
  }
  checkPath(s3.path, `${path}.path`, out);
  const customHeaders = checkCustomHeaders(s3.customHeaders, path, requestHeaders, out);
  return { ...s3, customHeaders } as unknown as S3Origin;
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
