/**
 * Security headers on every origin response. origin-response runs before CloudFront caches the
 * response (docs/cloudfront-rules.md#pipeline-order, step 6), so the headers are added once per
 * cache fill and served from the cache afterwards, errors included (it runs for every origin
 * status).
 */
import type { OriginResponseEvent, ResultResponse } from '@edge-app/events';

export interface SecurityPolicy {
  strictTransportSecurity?:
    | { maxAgeSeconds: number; includeSubDomains?: boolean; preload?: boolean }
    | false;
  contentSecurityPolicy?: Record<string, string[]> | false;
  contentTypeOptions?: boolean;
  frameOptions?: 'DENY' | 'SAMEORIGIN' | false;
  referrerPolicy?:
    | 'no-referrer'
    | 'no-referrer-when-downgrade'
    | 'origin'
    | 'origin-when-cross-origin'
    | 'same-origin'
    | 'strict-origin'
    | 'strict-origin-when-cross-origin'
    | 'unsafe-url'
    | false;
  override?: boolean;
}

interface HeaderLine {
  /** Lower case: the key of CloudFront's header map. */
  name: string;
  key: string;
  value: string;
}

/** The header lines a policy asks for; throws with the field to fix when a value is unusable. */
export function securityHeaderLines(policy: SecurityPolicy): HeaderLine[] {
  const lines: HeaderLine[] = [];
  const hsts = policy.strictTransportSecurity;
  if (hsts) {
    if (!Number.isInteger(hsts.maxAgeSeconds) || hsts.maxAgeSeconds < 0) {
      throw new Error(
        `strictTransportSecurity.maxAgeSeconds must be a whole number of seconds ≥ 0, got ${hsts.maxAgeSeconds}.`,
      );
    }
    // Preload lists require a max-age of at least one year and includeSubDomains (hstspreload.org).
    if (hsts.preload && (!hsts.includeSubDomains || hsts.maxAgeSeconds < 31_536_000)) {
      throw new Error(
        'strictTransportSecurity.preload needs includeSubDomains and maxAgeSeconds ≥ 31536000.',
      );
    }
    const parts = [`max-age=${hsts.maxAgeSeconds}`];
    if (hsts.includeSubDomains) parts.push('includeSubDomains');
    if (hsts.preload) parts.push('preload');
    lines.push({
      name: 'strict-transport-security',
      key: 'Strict-Transport-Security',
      value: parts.join('; '),
    });
  }
  const csp = policy.contentSecurityPolicy;
  if (csp) {
    const directives = Object.entries(csp).map(([directive, sources]) => {
      if (!/^[a-z-]+$/.test(directive))
        throw new Error(`contentSecurityPolicy: "${directive}" is not a directive name.`);
      if (sources.some((source) => /[;,\s]/.test(source))) {
        throw new Error(
          `contentSecurityPolicy["${directive}"]: give each source as its own array item, without ; or ,.`,
        );
      }
      return [directive, ...sources].join(' ');
    });
    lines.push({
      name: 'content-security-policy',
      key: 'Content-Security-Policy',
      value: directives.join('; '),
    });
  }
  if (policy.contentTypeOptions) {
    lines.push({ name: 'x-content-type-options', key: 'X-Content-Type-Options', value: 'nosniff' });
  }
  if (policy.frameOptions) {
    lines.push({ name: 'x-frame-options', key: 'X-Frame-Options', value: policy.frameOptions });
  }
  if (policy.referrerPolicy) {
    lines.push({ name: 'referrer-policy', key: 'Referrer-Policy', value: policy.referrerPolicy });
  }
  return lines;
}

export function createSecurityHeaders(
  policy: SecurityPolicy,
): (event: OriginResponseEvent) => Promise<ResultResponse> {
  const lines = securityHeaderLines(policy);
  return async (event) => {
    const { response } = event.Records[0].cf;
    for (const { name, key, value } of lines) {
      if (!policy.override && response.headers[name]?.length) continue;
      response.headers[name] = [{ key, value }];
    }
    // No `body`: CloudFront keeps the origin's body.
    return response;
  };
}
