/**
 * What CloudFront knows about the viewer and adds to origin-facing requests: country, device type
 * and protocol (DG: adding-cloudfront-headers;
 * docs/cloudfront-rules.md#cloudfront-request-headers).
 */
export interface DeviceFlags {
  mobile: boolean;
  tablet: boolean;
  smartTv: boolean;
  desktop: boolean;
  android: boolean;
  ios: boolean;
}

// A rough User-Agent classification in the spirit of CloudFront's (which is not published).
const TABLET = /ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))/i;
const MOBILE = /mobile|iphone|ipod|android|blackberry|opera mini|iemobile|windows phone/i;
const SMART_TV = /smart-?tv|smarttv|hbbtv|appletv|googletv|roku|crkey|tizen|webos|netcast|bravia/i;

export function detectDevice(userAgent: string | undefined): DeviceFlags {
  const ua = userAgent ?? '';
  const smartTv = SMART_TV.test(ua);
  const tablet = !smartTv && TABLET.test(ua);
  const mobile = !smartTv && !tablet && MOBILE.test(ua);
  return {
    mobile,
    tablet,
    smartTv,
    desktop: !smartTv && !tablet && !mobile,
    android: /android/i.test(ua),
    ios: /iphone|ipad|ipod/i.test(ua),
  };
}

/** Dev override of the viewer's country, per request. It is an `X-Edge-*` header, so functions never see it. */
export const VIEWER_COUNTRY_HEADER = 'x-edge-viewer-country';
export const DEFAULT_VIEWER_COUNTRY = 'US';
/** Dev override of the protocol the viewer used (`http` or `https`), per request; functions never see it. */
export const VIEWER_PROTOCOL_HEADER = 'x-edge-viewer-protocol';
