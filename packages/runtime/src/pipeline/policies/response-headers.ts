/**
 * Response headers policies (docs/cloudfront-rules.md#response-headers-policies): headers removed,
 * then CORS, security and custom headers added, each keeping the origin's own value unless the
 * policy overrides it.
 */

import { type Headers, toTitleCase } from '@edge-app/events';
import type {
  HttpMethod,
  ResponseHeadersPolicy,
  ResponseHeadersPolicyConfig,
} from '../../policy-config.ts';
import { headerOf } from '../headers.ts';
import { MANAGED_RESPONSE_HEADERS_POLICIES } from './managed.ts';

export interface ResolvedResponseHeadersPolicy {
  label: string;
  config: ResponseHeadersPolicyConfig;
}

const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'HEAD', 'PATCH'];

export function resolveResponseHeadersPolicy(
  policy: ResponseHeadersPolicy | undefined,
): ResolvedResponseHeadersPolicy | undefined {
  if (policy === undefined) return undefined;
  if (typeof policy === 'string') {
    return { label: policy, config: MANAGED_RESPONSE_HEADERS_POLICIES[policy].policy };
  }
  return { label: 'inline response headers policy', config: policy };
}

export interface ViewerSide {
  method: string;
  /** The request's headers, lower-case names (for Origin and preflight detection). */
  headers: Headers;
}

/** The response headers after the policy; `headers` itself is left as it was. */
export function applyResponseHeadersPolicy(
  policy: ResolvedResponseHeadersPolicy,
  headers: Headers,
  viewer: ViewerSide,
): Headers {
  const { config } = policy;
  const out: Headers = {};
  const removed = new Set((config.removeHeadersConfig ?? []).map((name) => name.toLowerCase()));
  for (const [name, lines] of Object.entries(headers)) if (!removed.has(name)) out[name] = lines;
  const set = (name: string, value: string, override: boolean) => {
    const lower = name.toLowerCase();
    if (!override && out[lower] && !removed.has(lower)) return;
    out[lower] = [{ key: toTitleCase(lower), value }];
  };
  if (config.corsConfig) applyCors(config.corsConfig, viewer, set);
  const security = config.securityHeadersConfig;
  if (security) {
    const { strictTransportSecurity: hsts, contentTypeOptions, frameOptions } = security;
    if (hsts) {
      const value = [
        `max-age=${hsts.accessControlMaxAgeSec}`,
        ...(hsts.includeSubdomains ? ['includeSubDomains'] : []),
        ...(hsts.preload ? ['preload'] : []),
      ].join('; ');
      set('Strict-Transport-Security', value, hsts.override);
    }
    if (contentTypeOptions) set('X-Content-Type-Options', 'nosniff', contentTypeOptions.override);
    if (frameOptions) set('X-Frame-Options', frameOptions.frameOption, frameOptions.override);
    if (security.referrerPolicy) {
      set(
        'Referrer-Policy',
        security.referrerPolicy.referrerPolicy,
        security.referrerPolicy.override,
      );
    }
    if (security.xssProtection) {
      const xss = security.xssProtection;
      const value = !xss.protection
        ? '0'
        : xss.modeBlock
          ? '1; mode=block'
          : xss.reportUri
            ? `1; report=${xss.reportUri}`
            : '1';
      set('X-XSS-Protection', value, xss.override);
    }
    if (security.contentSecurityPolicy) {
      const csp = security.contentSecurityPolicy;
      set('Content-Security-Policy', csp.contentSecurityPolicy, csp.override);
    }
  }
  for (const custom of config.customHeadersConfig ?? [])
    set(custom.header, custom.value, custom.override);
  return out;
}

/**
 * CORS headers go only on responses to CORS requests, those with an `Origin`; the preflight
 * headers only on preflights (`OPTIONS` with `Access-Control-Request-Method`).
 */
function applyCors(
  cors: NonNullable<ResponseHeadersPolicyConfig['corsConfig']>,
  viewer: ViewerSide,
  set: (name: string, value: string, override: boolean) => void,
): void {
  const origin = headerOf(viewer.headers, 'origin');
  if (origin === undefined) return;
  const allowed = allowedOrigin(cors.accessControlAllowOrigins, origin);
  if (allowed === undefined) return;
  const { override } = cors;
  set('Access-Control-Allow-Origin', allowed, override);
  if (cors.accessControlAllowCredentials) set('Access-Control-Allow-Credentials', 'true', override);
  if (cors.accessControlExposeHeaders?.length) {
    set('Access-Control-Expose-Headers', cors.accessControlExposeHeaders.join(', '), override);
  }
  const preflight =
    viewer.method === 'OPTIONS' &&
    headerOf(viewer.headers, 'access-control-request-method') !== undefined;
  if (!preflight) return;
  if (cors.accessControlAllowMethods?.length) {
    const methods = cors.accessControlAllowMethods.includes('ALL')
      ? ALL_METHODS
      : cors.accessControlAllowMethods;
    set('Access-Control-Allow-Methods', methods.join(', '), override);
  }
  if (cors.accessControlAllowHeaders?.length) {
    set('Access-Control-Allow-Headers', cors.accessControlAllowHeaders.join(', '), override);
  }
  if (cors.accessControlMaxAgeSec !== undefined) {
    set('Access-Control-Max-Age', String(cors.accessControlMaxAgeSec), override);
  }
}

/** `*`, or the viewer's origin when a listed origin (`*.example.org` allowed leftmost) matches it. */
function allowedOrigin(listed: string[], origin: string): string | undefined {
  if (listed.includes('*')) return '*';
  for (const candidate of listed) {
    if (candidate === origin) return origin;
    const star = candidate.indexOf('*.');
    if (star !== -1) {
      const scheme = candidate.slice(0, star);
      const suffix = candidate.slice(star + 1);
      if (
        origin.startsWith(scheme) &&
        origin.endsWith(suffix) &&
        origin.length > scheme.length + suffix.length
      ) {
        return origin;
      }
    }
  }
  return undefined;
}
