/** The response the pipeline hands back, and the headers CloudFront puts on every response. */
import type { Headers } from '@edge-app/events';
import { type HeaderPairs, isHopByHop, toHeaderPairs } from './headers.ts';
import type { CacheResult, PipelineResponse, RequestTrace } from './types.ts';

export interface EdgeIdentity {
  /** `<id>.cloudfront.net (CloudFront)`: this edge in a `Via` header, after the HTTP version. */
  viaHost: string;
  /** `1.1 <viaHost>`, what goes on responses. */
  via: string;
  pop: string;
}

export interface FinalResponse {
  status: number;
  statusDescription: string;
  headers: Headers;
  body: Uint8Array;
}

export function buildPipelineResponse(
  final: FinalResponse,
  options: {
    method: string;
    cacheResult: CacheResult;
    requestId: string;
    edge: EdgeIdentity;
    ageSeconds?: number;
    trace: RequestTrace;
    closeConnection?: boolean;
  },
): PipelineResponse {
  const isHead = options.method === 'HEAD';
  const headers: HeaderPairs = [];
  let via: string | undefined;
  for (const [name, value] of toHeaderPairs(final.headers)) {
    const lower = name.toLowerCase();
    if (
      isHopByHop(lower) ||
      lower === 'x-cache' ||
      lower === 'age' ||
      lower.startsWith('x-amz-cf-')
    )
      continue;
    // The body is re-framed here; a HEAD keeps the length of the object it describes.
    if (lower === 'content-length' && !isHead) continue;
    if (lower === 'via') {
      via = via ? `${via}, ${value}` : value;
      continue;
    }
    headers.push([name, value]);
  }
  // A HEAD keeps the object's length: the origin's header, or the cached GET's body it describes.
  const described =
    isHead &&
    final.body.byteLength > 0 &&
    !headers.some(([name]) => name.toLowerCase() === 'content-length');
  if (!isHead || described) headers.push(['Content-Length', String(final.body.byteLength)]);
  headers.push(['X-Cache', `${options.cacheResult} from cloudfront`]);
  headers.push(['Via', via ? `${via}, ${options.edge.via}` : options.edge.via]);
  headers.push(['X-Amz-Cf-Pop', options.edge.pop]);
  headers.push(['X-Amz-Cf-Id', options.requestId]);
  if (options.ageSeconds !== undefined) headers.push(['Age', String(options.ageSeconds)]);
  const body = isHead ? new Uint8Array() : final.body;
  return {
    status: final.status,
    statusText: final.statusDescription,
    headers,
    body,
    cacheResult: options.cacheResult,
    trace: options.trace,
    closeConnection: options.closeConnection === true,
    header(name) {
      const lower = name.toLowerCase();
      return headers.find(([key]) => key.toLowerCase() === lower)?.[1];
    },
    headerValues(name) {
      const lower = name.toLowerCase();
      return headers.filter(([key]) => key.toLowerCase() === lower).map(([, value]) => value);
    },
    text() {
      return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
    },
  };
}

export function decodeBody(data: string, encoding: 'text' | 'base64' | undefined): Uint8Array {
  return Buffer.from(data, encoding === 'base64' ? 'base64' : 'utf8');
}
