/**
 * What CloudFront removes from an origin's response before anything else sees it
 * (docs/cloudfront-rules.md#response-header-changes, #cookies, #vary): Set-Cookie when the
 * behavior forwards no cookies, Vary values it does not forward, and S3's own request ids. AWS
 * does not say whether origin-response sees these before or after; here it sees the response
 * as CloudFront keeps it, and what the function adds stays.
 */
import type { Headers } from '@edge-app/events';
import type { ResolvedBehavior } from './behaviors.ts';
import { forwardsCookies } from './policies/forwarding.ts';
import { includes } from './policies/resolve.ts';
import type { FinalResponse } from './response.ts';

const DEVICE_HEADERS = [
  'cloudfront-is-desktop-viewer',
  'cloudfront-is-mobile-viewer',
  'cloudfront-is-smarttv-viewer',
  'cloudfront-is-tablet-viewer',
];

export function filterOriginResponse(
  response: FinalResponse,
  behavior: ResolvedBehavior,
  s3: boolean,
): FinalResponse {
  const { cachePolicy: cp, originRequestPolicy: orp } = behavior;
  const forwarded = (name: string) =>
    cp.headers.includes(name) || (!cp.legacy && orp !== undefined && includes(orp.headers, name));
  const keepsCookies = forwardsCookies(cp, orp);
  const headers: Headers = {};
  for (const [name, lines] of Object.entries(response.headers)) {
    if (name === 'set-cookie' && !keepsCookies) continue;
    if (s3 && (name === 'x-amz-id-2' || name === 'x-amz-request-id')) continue;
    if (name === 'vary') {
      const kept = lines
        .flatMap((line) => line.value.split(','))
        .map((value) => value.trim())
        .filter((value) => {
          const lower = value.toLowerCase();
          if (lower === 'accept-encoding' || lower === 'cookie' || lower === '*') return true;
          if (lower === 'user-agent') return DEVICE_HEADERS.some(forwarded);
          return value !== '' && forwarded(lower);
        });
      if (kept.length > 0)
        headers.vary = [{ key: lines[0]?.key ?? 'Vary', value: kept.join(', ') }];
      continue;
    }
    headers[name] = lines;
  }
  return { ...response, headers };
}
