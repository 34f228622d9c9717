/**
 * Where requests go. CloudFront adds `CloudFront-Viewer-Country` and the `CloudFront-Is-*-Viewer`
 * headers after viewer-request, and only when the cache or origin request policy of the behavior
 * asks for them (docs/cloudfront-rules.md#cloudfront-headers-in-functions): include them there, or
 * this function sees none and routes every request to the defaults. Put them in the cache key too,
 * or one variant gets cached for everyone.
 */
import type { Routing } from './router.ts';

export const routing: Routing = {
  /** Path prefix per device class; `''` leaves the path as it is. */
  devicePrefixes: { mobile: '/m', tablet: '/m', smarttv: '/tv', desktop: '' },
  /** Viewer country (ISO 3166-1 alpha-2) → origin that serves it. */
  countryOrigins: {
    DE: { domainName: 'eu.origin.example.com' },
    FR: { domainName: 'eu.origin.example.com' },
    JP: { domainName: 'ap.origin.example.com' },
  },
};
