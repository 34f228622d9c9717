/**
 * Which headers a function may not touch. Source: CloudFront Developer Guide, "Restrictions on edge
 * functions" (edge-function-restrictions-all.html, latest revision),
 * docs/cloudfront-rules.md#read-only-headers.
 */
import type { EventType } from '@edge-app/events';

/** Functions never see these and cannot add them. */
const DISALLOWED_NAMES: ReadonlySet<string> = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
]);

/** `X-Amz-Cf-*` and `X-Edge-*`. */
const DISALLOWED_PREFIXES = ['x-amz-cf-', 'x-edge-'];

export function isDisallowedHeader(lowerCaseName: string): boolean {
  return (
    DISALLOWED_NAMES.has(lowerCaseName) ||
    DISALLOWED_PREFIXES.some((prefix) => lowerCaseName.startsWith(prefix))
  );
}

/**
 * Adding, changing or deleting one of these fails validation. `CDN-Loop` is new since the 2023
 * text; the viewer-response `Content-Length`, `Content-Encoding` and `Transfer-Encoding` rows
 * apply to Lambda@Edge only (not CloudFront Functions), which is what this runtime runs.
 */
export const READ_ONLY_HEADERS: Readonly<Record<EventType, readonly string[]>> = {
  'viewer-request': ['cdn-loop', 'content-length', 'host', 'transfer-encoding', 'via'],
  'origin-request': [
    'accept-encoding',
    'cdn-loop',
    'content-length',
    'if-modified-since',
    'if-none-match',
    'if-range',
    'if-unmodified-since',
    'transfer-encoding',
    'via',
  ],
  'origin-response': ['transfer-encoding', 'via'],
  'viewer-response': ['warning', 'via', 'content-length', 'content-encoding', 'transfer-encoding'],
};

/**
 * CloudFront adds `CloudFront-Viewer-Country`, `CloudFront-Is-*-Viewer` and the other
 * `CloudFront-*` headers after viewer-request; a viewer-request function that adds one gets 502
 * ("Restrictions on Lambda@Edge", lambda-at-edge-function-restrictions.html). The documented
 * example is `CloudFront-Viewer-Country`; every header of the family shares the prefix.
 */
export const CLOUDFRONT_HEADER_PREFIX = 'cloudfront-';
