/**
 * Routing on a cache miss, just before CloudFront contacts the origin: the only event where the
 * origin is writable (docs/cloudfront-rules.md#origin-fields) and where the CloudFront-* viewer
 * headers are available.
 */
import {
  type GeneratedResponse,
  getHeader,
  type OriginRequest,
  type OriginRequestEvent,
} from '@edge-app/events';

export type Device = 'mobile' | 'tablet' | 'smarttv' | 'desktop';

export interface OriginTarget {
  domainName: string;
  /** S3 origins only: the bucket's region. */
  region?: string;
}

export interface Routing {
  devicePrefixes: Partial<Record<Device, string>>;
  countryOrigins: Record<string, OriginTarget>;
}

/** Checked in this order: a tablet is not reported as mobile, but be explicit anyway. */
const DEVICE_HEADERS: Array<[Device, string]> = [
  ['smarttv', 'cloudfront-is-smarttv-viewer'],
  ['tablet', 'cloudfront-is-tablet-viewer'],
  ['mobile', 'cloudfront-is-mobile-viewer'],
  ['desktop', 'cloudfront-is-desktop-viewer'],
];

/** The viewer's device class, or undefined when CloudFront sent no device headers. */
export function deviceOf(request: OriginRequest): Device | undefined {
  for (const [device, header] of DEVICE_HEADERS) {
    if (getHeader(request.headers, header) === 'true') return device;
  }
  return undefined;
}

function check(routing: Routing): void {
  for (const [device, prefix] of Object.entries(routing.devicePrefixes)) {
    if (prefix !== '' && !/^\/.*[^/]$/.test(prefix)) {
      throw new Error(
        `devicePrefixes.${device}: use '' or a path like "/m" (leading "/", no trailing "/").`,
      );
    }
  }
  for (const [country, target] of Object.entries(routing.countryOrigins)) {
    if (!/^[A-Z]{2}$/.test(country))
      throw new Error(`countryOrigins: "${country}" is not an upper-case ISO country code.`);
    // Custom origin domain rules (docs/cloudfront-rules.md#origin-fields): no colon (no port), not
    // an IP address.
    if (target.domainName.includes(':') || /^[\d.]+$/.test(target.domainName)) {
      throw new Error(
        `countryOrigins.${country}: domainName must be a host name without port, not an IP address.`,
      );
    }
  }
}

export function createRouter(
  routing: Routing,
): (event: OriginRequestEvent) => Promise<OriginRequest | GeneratedResponse> {
  check(routing);
  return async (event) => {
    const { request } = event.Records[0].cf;

    const device = deviceOf(request);
    const prefix = device ? routing.devicePrefixes[device] : undefined;
    if (prefix) request.uri = prefix + request.uri;

    const country = getHeader(request.headers, 'cloudfront-viewer-country')?.toUpperCase();
    const target = country ? routing.countryOrigins[country] : undefined;
    if (target) {
      if (request.origin.custom) {
        request.origin.custom.domainName = target.domainName;
        // A custom origin is asked for the Host it serves, which is no longer the old one.
        request.headers.host = [{ key: 'Host', value: target.domainName }];
      } else {
        request.origin.s3.domainName = target.domainName;
        if (target.region) request.origin.s3.region = target.region;
      }
    }
    return request;
  };
}
