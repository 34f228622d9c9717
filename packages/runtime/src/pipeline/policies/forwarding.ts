/**
 * What reaches origin-request and the origin: the viewer's request after viewer-request, cut down
 * to what the cache policy and origin request policy forward, plus what CloudFront always adds
 * (docs/cloudfront-rules.md#policy-interaction, #origin-request-headers, #cloudfront-request-headers,
 * #legacy-cache-settings).
 */
import type { Headers, Origin, OriginRequest, ViewerRequest } from '@edge-app/events';
import { toTitleCase } from '@edge-app/events';
import { isHopByHop, parseCookies } from '../headers.ts';
import { detectDevice } from '../viewer.ts';
import {
  includes,
  type ResolvedCachePolicy,
  type ResolvedOriginRequestPolicy,
  type Selection,
} from './resolve.ts';

export interface ViewerFacts {
  clientIp: string;
  clientPort: number;
  country: string;
  protocol: 'http' | 'https';
  httpVersion: string;
  /** The viewer's own User-Agent, before any function changed it. */
  userAgent: string | undefined;
  /** The viewer's header names in the order it sent them. */
  headerOrder: string[];
  /** This edge as a `Via` entry names it after the HTTP version: `abc.cloudfront.net (CloudFront)`. */
  viaHost: string;
}

export interface Forwarding {
  cachePolicy: ResolvedCachePolicy;
  originRequestPolicy: ResolvedOriginRequestPolicy | undefined;
  /** The normalised Accept-Encoding when the cache policy handles it (compression support). */
  acceptEncoding: { handled: boolean; value: string | undefined };
}

/** Forwarded under policies whatever they list: the body's description and the conditionals CloudFront manages. */
const ALWAYS_UNDER_POLICIES = new Set([
  'content-length',
  'content-type',
  'transfer-encoding',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
  'range',
]);

/** Removed under legacy settings unless listed (DG: RequestAndResponseBehaviorCustomOrigin, header table). */
const LEGACY_REMOVED = new Set([
  'accept',
  'accept-charset',
  'accept-language',
  'referer',
  'expect',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
  'x-forwarded-proto',
  'x-http-method-override',
  'x-real-ip',
]);

/** Headers CloudFront sets itself (or never forwards), not copied from the viewer as they are. */
const SET_BY_CLOUDFRONT = new Set([
  'host',
  'user-agent',
  'via',
  'x-forwarded-for',
  'cookie',
  'accept-encoding',
  'expect',
]);

const S3_RESPONSE_OVERRIDES = new Set([
  'response-content-type',
  'response-content-disposition',
  'response-content-encoding',
]);

export function toOriginRequest(
  request: ViewerRequest,
  origin: Origin,
  viewer: ViewerFacts,
  forwarding: Forwarding,
): OriginRequest {
  const { cachePolicy: cp, originRequestPolicy: orp } = forwarding;
  const s3 = origin.s3 !== undefined;
  // Named by the cache key or the origin request policy.
  const listed = (name: string): boolean =>
    cp.headers.includes(name) ||
    (cp.legacy && cp.headers.includes('*')) ||
    (!cp.legacy && orp !== undefined && includes(orp.headers, name));
  const forwardsHeader = (name: string): boolean => {
    if (listed(name)) return true;
    if (cp.legacy) {
      // The legacy header table (docs/cloudfront-rules.md#origin-request-headers).
      if (name === 'authorization') return !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
      return !LEGACY_REMOVED.has(name);
    }
    return ALWAYS_UNDER_POLICIES.has(name);
  };
  const headers: Headers = {};
  const add = (name: string, value: string, key = toTitleCase(name)) => {
    headers[name] = [{ key, value }];
  };
  for (const [name, lines] of Object.entries(request.headers)) {
    if (
      SET_BY_CLOUDFRONT.has(name) ||
      name.startsWith('cloudfront-') ||
      name.startsWith('x-edge-') ||
      isHopByHop(name) ||
      !forwardsHeader(name)
    ) {
      continue;
    }
    headers[name] = lines.map((line) => ({ ...line }));
  }
  const domain = origin.custom?.domainName ?? origin.s3?.domainName ?? 'origin';
  const viewerHost = request.headers.host?.[0];
  // The viewer's Host only when forwarded, and never to S3 (DG: header table, "Host").
  if (viewerHost && !s3 && listed('host')) headers.host = [{ ...viewerHost }];
  else add('host', domain);
  const viewerAgent = request.headers['user-agent'];
  if (viewerAgent && listed('user-agent'))
    headers['user-agent'] = viewerAgent.map((l) => ({ ...l }));
  else add('user-agent', 'Amazon CloudFront');
  const forwardedFor = request.headers['x-forwarded-for']?.[0]?.value;
  add('x-forwarded-for', forwardedFor ? `${forwardedFor}, ${viewer.clientIp}` : viewer.clientIp);
  const via = request.headers.via?.[0]?.value;
  const ownVia = `${viewer.httpVersion} ${viewer.viaHost}`;
  add('via', via ? `${via}, ${ownVia}` : ownVia);
  const acceptEncoding = acceptEncodingFor(request, forwarding, listed('accept-encoding'));
  if (acceptEncoding !== undefined) add('accept-encoding', acceptEncoding);
  const cookie = forwardedCookies(request.headers, cp, orp);
  if (cookie) add('cookie', cookie);
  for (const name of cloudFrontHeadersListed(cp, orp)) {
    const value = cloudFrontHeaderValue(name, viewer);
    if (value !== undefined) add(name, value, cloudFrontKey(name));
  }
  return {
    clientIp: request.clientIp,
    method: request.method,
    uri: request.uri,
    querystring: forwardedQuery(request.querystring, cp, orp, s3),
    headers,
    origin,
  };
}

function acceptEncodingFor(
  request: ViewerRequest,
  forwarding: Forwarding,
  listed: boolean,
): string | undefined {
  const raw = request.headers['accept-encoding']?.map((line) => line.value).join(', ');
  // Listed in the key, it is an ordinary header: forwarded raw, and nothing is compressed.
  if (listed && forwarding.cachePolicy.headers.includes('accept-encoding')) return raw;
  if (forwarding.acceptEncoding.handled) return forwarding.acceptEncoding.value;
  return listed ? raw : undefined;
}

/** Either policy may forward a value; two block lists forward what neither blocks. */
function forwardedBy(cp: Selection, orp: Selection | undefined, name: string): boolean {
  if (orp?.kind === 'except' && cp.kind === 'except') {
    return !cp.names.has(name) && !orp.names.has(name);
  }
  return includes(cp, name) || (orp !== undefined && includes(orp, name));
}

function forwardedQuery(
  querystring: string,
  cp: ResolvedCachePolicy,
  orp: ResolvedOriginRequestPolicy | undefined,
  s3: boolean,
): string {
  if (!querystring) return '';
  const selected = cp.forwardedQueryStrings;
  if (selected.kind === 'all' && !orp) return querystring;
  const kept = querystring.split('&').filter((pair) => {
    const name = decodeSafe(pair.split('=')[0] ?? '');
    if (!forwardedBy(selected, orp?.queryStrings, name)) return false;
    // Managed policies that forward all query strings hold back S3's response overrides
    // (docs/cloudfront-rules.md#managed-origin-request-policies).
    return !(s3 && orp?.managed && S3_RESPONSE_OVERRIDES.has(name) && !includes(selected, name));
  });
  return kept.join('&');
}

function forwardedCookies(
  headers: Headers,
  cp: ResolvedCachePolicy,
  orp: ResolvedOriginRequestPolicy | undefined,
): string {
  return parseCookies(headers)
    .filter(([name]) => forwardedBy(cp.cookies, orp?.cookies, name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

/** Whether any cookie can reach the origin: then Set-Cookie is kept and requests are not collapsed. */
export function forwardsCookies(
  cp: ResolvedCachePolicy,
  orp: ResolvedOriginRequestPolicy | undefined,
): boolean {
  return cp.cookies.kind !== 'none' || (orp !== undefined && orp.cookies.kind !== 'none');
}

function cloudFrontHeadersListed(
  cp: ResolvedCachePolicy,
  orp: ResolvedOriginRequestPolicy | undefined,
): Set<string> {
  const names = new Set(cp.headers.filter((name) => name.startsWith('cloudfront-')));
  for (const name of orp?.cloudFrontHeaders ?? []) names.add(name);
  return names;
}

/** The value CloudFront computes for one of its headers; undefined for those it cannot know here. */
export function cloudFrontHeaderValue(name: string, viewer: ViewerFacts): string | undefined {
  const device = detectDevice(viewer.userAgent);
  switch (name) {
    case 'cloudfront-viewer-country':
      return viewer.country;
    case 'cloudfront-forwarded-proto':
      return viewer.protocol;
    case 'cloudfront-is-mobile-viewer':
      return String(device.mobile);
    case 'cloudfront-is-tablet-viewer':
      return String(device.tablet);
    case 'cloudfront-is-smarttv-viewer':
      return String(device.smartTv);
    case 'cloudfront-is-desktop-viewer':
      return String(device.desktop);
    case 'cloudfront-is-android-viewer':
      return String(device.android);
    case 'cloudfront-is-ios-viewer':
      return String(device.ios);
    case 'cloudfront-viewer-address':
      // `198.51.100.10:46532`; an IPv6 address is written the same way, port last.
      return `${viewer.clientIp}:${viewer.clientPort}`;
    case 'cloudfront-viewer-http-version':
      return viewer.httpVersion;
    case 'cloudfront-viewer-header-order':
      return viewer.headerOrder.join(':').slice(0, 7680);
    case 'cloudfront-viewer-header-count':
      return String(viewer.headerOrder.length);
    default:
      // Location, ASN and TLS values come from CloudFront's own data; none is made up here.
      return undefined;
  }
}

function cloudFrontKey(name: string): string {
  return toTitleCase(name)
    .replace(/^Cloudfront-/, 'CloudFront-')
    .replace('-Ios-', '-IOS-')
    .replace('-Smarttv-', '-SmartTV-')
    .replace('-Asn', '-ASN')
    .replace('-Tls', '-TLS');
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
