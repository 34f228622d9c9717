/**
 * The security headers to add, as data. Edit this object: the function computes the header
 * lines from it once per container (cold start), not per request.
 */
import type { SecurityPolicy } from './security-headers.ts';

export const policy: SecurityPolicy = {
  /** Browsers use HTTPS only for this long (RFC 6797). Start small; 2 years once sure. */
  strictTransportSecurity: { maxAgeSeconds: 31_536_000, includeSubDomains: true, preload: false },
  /** One entry per directive; values are joined with spaces. */
  contentSecurityPolicy: {
    'default-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'frame-ancestors': ["'none'"],
  },
  /** `X-Content-Type-Options: nosniff`: no MIME sniffing of scripts and styles. */
  contentTypeOptions: true,
  /** For browsers that predate CSP `frame-ancestors`. `false` leaves it out. */
  frameOptions: 'DENY',
  referrerPolicy: 'strict-origin-when-cross-origin',
  /** `false`: a header the origin already sent wins. `true`: this policy wins. */
  override: false,
};
