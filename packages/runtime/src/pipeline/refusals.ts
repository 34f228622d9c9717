/**
 * Requests CloudFront answers itself, before any function runs (docs/cloudfront-rules.md#pipeline-order,
 * step 1): a URL or header block over the limits (413), the viewer protocol policy (redirect or
 * 403), a method the behavior does not allow (403), a GET with a body (403). AWS does not document
 * the order of these checks; they run in the order above (docs/cloudfront-rules.md#skip-rules).
 */
import type { ResolvedBehavior } from './behaviors.ts';
import type { HeaderPairs } from './headers.ts';

/** docs/cloudfront-rules.md#request-size-limits */
export const MAX_URL_BYTES = 8_192;
export const MAX_HEADER_BYTES = 32_768;
export const WARN_HEADER_BYTES = 20_480;
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE']);

export interface Refusal {
  status: number;
  /** The docs/cloudfront-rules.md anchor. */
  rule: string;
  /** `Redirect` for the viewer protocol policy's redirect, else `Error`. */
  result: 'Error' | 'Redirect';
  /** The line on CloudFront's error page, or undefined for a redirect. */
  line?: string;
  location?: string;
  closeConnection: boolean;
  /** What the developer reads in the terminal. */
  message: string;
  fix: string;
}

export interface ViewerLine {
  method: string;
  url: string;
  headers: HeaderPairs;
  httpVersion: string;
  protocol: 'http' | 'https';
  host: string;
  bodyPresent: boolean;
}

/** The URL CloudFront builds from a request: scheme, host, path and query. */
function builtUrl(viewer: ViewerLine, protocol = viewer.protocol): string {
  return `${protocol}://${viewer.host}${viewer.url}`;
}

/** Bytes of the request line and headers, as the quota counts them. */
export function headerBlockBytes(viewer: ViewerLine): number {
  let bytes = Buffer.byteLength(`${viewer.method} ${viewer.url} HTTP/${viewer.httpVersion}\r\n`);
  // `name: value\r\n` for each line, counted without building the line.
  for (const [name, value] of viewer.headers) bytes += name.length + Buffer.byteLength(value) + 4;
  return bytes;
}

export function checkSize(viewer: ViewerLine): Refusal | undefined {
  const urlBytes = Buffer.byteLength(builtUrl(viewer));
  const line = "Bad request. We can't connect to the server for this app or website at this time.";
  if (urlBytes > MAX_URL_BYTES) {
    return {
      status: 413,
      rule: 'request-size-limits',
      result: 'Error',
      line,
      closeConnection: true,
      message: `The URL CloudFront builds from this request is ${urlBytes} bytes; the limit is ${MAX_URL_BYTES}.`,
      fix: 'Shorten the URL: move data from the query string into a POST body or a cookie.',
    };
  }
  const headerBytes = headerBlockBytes(viewer);
  if (headerBytes > MAX_HEADER_BYTES) {
    return {
      status: 413,
      rule: 'request-size-limits',
      result: 'Error',
      line,
      closeConnection: true,
      message: `The request line and headers are ${headerBytes} bytes; CloudFront accepts at most ${MAX_HEADER_BYTES}.`,
      fix: 'Send fewer or smaller headers (large cookies are the usual cause).',
    };
  }
  return undefined;
}

export function checkBehaviorRules(
  viewer: ViewerLine,
  behavior: ResolvedBehavior,
): Refusal | undefined {
  // docs/cloudfront-rules.md#viewer-protocol-policy
  if (viewer.protocol === 'http' && behavior.viewerProtocolPolicy !== 'allow-all') {
    const redirects = behavior.viewerProtocolPolicy === 'redirect-to-https';
    const safe = viewer.method === 'GET' || viewer.method === 'HEAD';
    if (redirects && (safe || viewer.httpVersion !== '1.0')) {
      return {
        status: safe ? 301 : 307,
        rule: 'viewer-protocol-policy',
        result: 'Redirect',
        location: builtUrl(viewer, 'https'),
        closeConnection: false,
        message: `The behavior "${behavior.pathPattern}" redirects HTTP to HTTPS.`,
        fix: 'Request https:// (set `x-edge-viewer-protocol: https`, or dev.viewerProtocol, in `pnpm dev`).',
      };
    }
    return {
      status: 403,
      rule: 'viewer-protocol-policy',
      result: 'Error',
      line: "Bad request. We can't connect to the server for this app or website at this time.",
      closeConnection: false,
      message: `The behavior "${behavior.pathPattern}" accepts HTTPS only (${behavior.viewerProtocolPolicy}).`,
      fix: 'Request https:// (set `x-edge-viewer-protocol: https`, or dev.viewerProtocol, in `pnpm dev`).',
    };
  }
  // docs/cloudfront-rules.md#allowed-methods
  if (!KNOWN_METHODS.has(viewer.method) || !behavior.allowedMethods.has(viewer.method)) {
    return {
      status: 403,
      rule: 'allowed-methods',
      result: 'Error',
      line: 'This distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.',
      closeConnection: false,
      message: `${viewer.method} is not among the allowed methods of the behavior "${behavior.pathPattern}" (${[...behavior.allowedMethods].join(', ')}).`,
      fix: 'Set allowedMethods on the behavior in edge.config.ts, e.g. all seven methods for an API.',
    };
  }
  // docs/cloudfront-rules.md#get-with-body
  if (viewer.method === 'GET' && viewer.bodyPresent) {
    return {
      status: 403,
      rule: 'get-with-body',
      result: 'Error',
      line: "Bad request. We can't connect to the server for this app or website at this time.",
      closeConnection: false,
      message: 'CloudFront refuses a GET request that has a body.',
      fix: 'Send the data with POST (and allow it on the behavior), or drop the body.',
    };
  }
  return undefined;
}

/** The body CloudFront sends with its own 301 or 307 (observed; AWS does not publish it). */
export function redirectBody(status: number): string {
  const title = status === 301 ? '301 Moved Permanently' : '307 Temporary Redirect';
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>CloudFront</center>\r\n</body>\r\n</html>\r\n`;
}
