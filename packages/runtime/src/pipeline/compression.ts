/**
 * Edge compression (docs/cloudfront-rules.md#compression): the viewer's Accept-Encoding normalised
 * to what the cache policy allows, and gzip or Brotli applied to a response that qualifies.
 */

import { promisify } from 'node:util';
import { brotliCompress, gzip } from 'node:zlib';
import type { Headers } from '@edge-app/events';
import { headerOf } from './headers.ts';
import type { FinalResponse } from './response.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export type Encoding = 'br' | 'gzip';

/**
 * The Accept-Encoding CloudFront keys on and forwards: `br,gzip`, `gzip` or `br` of what is
 * enabled and the viewer accepts; undefined when it accepts neither (and always over HTTP/1.0,
 * where CloudFront removes the header).
 */
export function normalizeAcceptEncoding(
  raw: string | undefined,
  enabled: { gzip: boolean; brotli: boolean },
  httpVersion: string,
): string | undefined {
  if (raw === undefined || httpVersion === '1.0') return undefined;
  const accepted = new Set<string>();
  for (const part of raw.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(token.trim());
  }
  const br = enabled.brotli && accepted.has('br');
  const gz = enabled.gzip && accepted.has('gzip');
  if (br && gz) return 'br,gzip';
  if (gz) return 'gzip';
  if (br) return 'br';
  return undefined;
}

/** Brotli when the normalised value allows it: CloudFront prefers Brotli. */
export function preferredEncoding(normalized: string | undefined): Encoding | undefined {
  if (!normalized) return undefined;
  return normalized.includes('br') ? 'br' : 'gzip';
}

/** The Content-Type values CloudFront compresses (DG: ServingCompressedFiles, "File types"). */
const COMPRESSIBLE = new Set([
  'application/dash+xml',
  'application/eot',
  'application/font',
  'application/font-sfnt',
  'application/javascript',
  'application/json',
  'application/opentype',
  'application/otf',
  'application/pkcs7-mime',
  'application/protobuf',
  'application/rss+xml',
  'application/truetype',
  'application/ttf',
  'application/vnd.apple.mpegurl',
  'application/vnd.mapbox-vector-tile',
  'application/vnd.ms-fontobject',
  'application/xhtml+xml',
  'application/xml',
  'application/x-font-opentype',
  'application/x-font-truetype',
  'application/x-font-ttf',
  'application/x-httpd-cgi',
  'application/x-javascript',
  'application/x-mpegurl',
  'application/x-opentype',
  'application/x-otf',
  'application/x-perl',
  'application/x-ttf',
  'font/eot',
  'font/opentype',
  'font/otf',
  'font/ttf',
  'image/svg+xml',
  'text/css',
  'text/csv',
  'text/html',
  'text/javascript',
  'text/js',
  'text/plain',
  'text/richtext',
  'text/tab-separated-values',
  'text/xml',
  'text/x-component',
  'text/x-java-source',
  'text/x-script',
  'vnd.apple.mpegurl',
]);

const MIN_BYTES = 1_000;
const MAX_BYTES = 10_000_000;

/** Why a response is not compressed, or undefined when it is compressible. */
export function notCompressible(response: FinalResponse): string | undefined {
  if (![200, 403, 404].includes(response.status)) return `status ${response.status}`;
  const headers = response.headers;
  if (headerOf(headers, 'content-encoding') !== undefined) return 'already encoded';
  const type = (headerOf(headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!COMPRESSIBLE.has(type)) return `content type ${type || '(none)'}`;
  const length = Number(headerOf(headers, 'content-length'));
  // A missing or invalid Content-Length, or one outside the range, means no compression.
  if (!Number.isInteger(length) || length < MIN_BYTES || length > MAX_BYTES) return 'size';
  if (response.body.byteLength === 0) return 'no body';
  return undefined;
}

/** The response compressed with `encoding`: Content-Encoding set, length replaced, ETag weakened. */
export async function compressResponse(
  response: FinalResponse,
  encoding: Encoding,
): Promise<FinalResponse> {
  const body =
    encoding === 'br' ? await brotliAsync(response.body) : await gzipAsync(response.body);
  const headers: Headers = {};
  for (const [name, lines] of Object.entries(response.headers)) {
    if (name === 'content-length') continue;
    if (name === 'etag') {
      const etag = weakEtag(lines[0]?.value ?? '');
      if (etag) headers.etag = [{ key: lines[0]?.key ?? 'ETag', value: etag }];
      continue;
    }
    headers[name] = lines;
  }
  headers['content-encoding'] = [{ key: 'Content-Encoding', value: encoding }];
  headers['content-length'] = [{ key: 'Content-Length', value: String(body.byteLength) }];
  return {
    ...response,
    headers,
    body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
  };
}

/** A strong ETag becomes weak; a weak one stays; an invalid one is dropped (DG: "ETag header conversion"). */
function weakEtag(value: string): string | undefined {
  if (value.startsWith('W/')) return value;
  if (value.startsWith('"')) return `W/${value}`;
  return undefined;
}
