/**
 * Fields of a custom or S3 origin an origin-request function writes ("Lambda@Edge event structure",
 * origin fields; docs/cloudfront-rules.md#origin-fields). Each check runs only for fields the
 * function wrote (`written`): the event's own origin comes from the distribution, and locally from
 * edge.config.ts, where e.g. `http://127.0.0.1:3000` is a fine development origin.
 */
import { isIP } from 'node:net';
import { report, type Violations } from './rules.ts';
import { describeValue, hasControlCharacter } from './values.ts';

/** Whether the function set this field to something other than the event's value. */
export type Written = (field: string) => boolean;

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

export function checkCustomFields(
  custom: Record<string, unknown>,
  path: string,
  written: Written,
  out: Violations,
): void {
  const { domainName, port, protocol, sslProtocols } = custom;
  if (written('domainName') && !isCustomDomain(domainName)) {
    report(
      out,
      'origin-domain-name',
      `${path}.domainName is ${describeValue(domainName)}; a custom origin needs a host name of 1–${MAX_CUSTOM_DOMAIN} characters, without a colon (no port) and not an IP address.`,
      `Set ${path}.domainName to a DNS name such as 'example.com' and the port in ${path}.port.`,
    );
  }
  if (written('port') && !isValidPort(port)) {
    report(
      out,
      'origin-port',
      `${path}.port is ${describeValue(port)}; it must be 80, 443 or 1024–65535.`,
      `Set ${path}.port to 443 for HTTPS, 80 for HTTP, or a port from 1024 to 65535.`,
    );
  }
  if (written('protocol') && protocol !== 'http' && protocol !== 'https') {
    report(
      out,
      'origin-protocol',
      `${path}.protocol is ${describeValue(protocol)}; it must be 'http' or 'https'.`,
      `Set ${path}.protocol to 'https' (or 'http').`,
    );
  }
  if (written('readTimeout')) checkTimeout(custom, 'readTimeout', 'origin-read-timeout', path, out);
  if (written('keepaliveTimeout')) {
    checkTimeout(custom, 'keepaliveTimeout', 'origin-keepalive-timeout', path, out);
  }
  if (written('path')) checkPath(custom.path, `${path}.path`, out);
  if (written('sslProtocols') && !isSslProtocolList(sslProtocols)) {
    report(
      out,
      'origin-ssl-protocols',
      `${path}.sslProtocols is ${describeValue(sslProtocols)}; it must be a non-empty list of 'TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'.`,
      `Set ${path}.sslProtocols = ['TLSv1.2'] (or another subset of those four).`,
    );
  }
}

function isCustomDomain(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_CUSTOM_DOMAIN &&
    !value.includes(':') &&
    isIP(value) === 0
  );
}

function isValidPort(port: unknown): boolean {
  if (typeof port !== 'number' || !Number.isInteger(port)) return false;
  return port === 80 || port === 443 || (port >= 1024 && port <= 65535);
}

function isSslProtocolList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((protocolName) => SSL_PROTOCOLS.has(protocolName))
  );
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

export function checkS3Fields(
  s3: Record<string, unknown>,
  path: string,
  options: { written: Written; switchedFromCustom: boolean },
  out: Violations,
): void {
  const { domainName, authMethod, region } = s3;
  const { written } = options;
  if (written('domainName') && !isS3Domain(domainName)) {
    report(
      out,
      'origin-domain-name',
      `${path}.domainName is ${describeValue(domainName)}; an S3 origin needs a lower-case bucket domain of 1–${MAX_S3_DOMAIN} characters.`,
      `Set ${path}.domainName to the bucket's domain in lower case, e.g. 'my-bucket.s3.us-east-1.amazonaws.com'.`,
    );
  }
  if (written('authMethod') && authMethod !== 'origin-access-identity' && authMethod !== 'none') {
    report(
      out,
      'origin-auth-method',
      `${path}.authMethod is ${describeValue(authMethod)}; it must be 'origin-access-identity' or 'none' (origin access control is not supported here).`,
      `Set ${path}.authMethod to 'none', or to 'origin-access-identity' with ${path}.region.`,
    );
  }
  if (authMethod === 'origin-access-identity') {
    if (options.switchedFromCustom) {
      report(
        out,
        'origin-auth-method',
        `${path}.authMethod is 'origin-access-identity', but the event's origin was custom; an origin access identity cannot be used when switching from a custom origin to S3.`,
        `Set ${path}.authMethod to 'none' and make the objects readable, or give the behavior an S3 origin with the identity in the distribution.`,
      );
    }
    if ((written('region') || written('authMethod')) && !(typeof region === 'string' && region)) {
      report(
        out,
        'origin-region',
        `${path}.region is ${describeValue(region)}; it is required when authMethod is 'origin-access-identity'.`,
        `Set ${path}.region to the bucket's Region, e.g. 'us-east-1'.`,
      );
    }
  }
  if (written('path')) checkPath(s3.path, `${path}.path`, out);
}

function isS3Domain(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_S3_DOMAIN &&
    value === value.toLowerCase()
  );
}
