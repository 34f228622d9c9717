/**
 * The request body as CloudFront exposes it with IncludeBody: base64, cut at the event's limit
 * with `inputTruncated` set (docs/cloudfront-rules.md#request-body).
 */
import type { RequestBody, RequestEventType } from './types.ts';

/**
 * Bytes of body CloudFront exposes before truncating: 40 KB at viewer-request, 1 MB at
 * origin-request ([DG:lambda-at-edge-function-restrictions],
 * docs/cloudfront-rules.md#event-limits). KB/MB are taken as 1024-based; AWS does not say.
 */
export const EXPOSED_BODY_BYTES: Readonly<Record<RequestEventType, number>> = {
  'viewer-request': 40 * 1024,
  'origin-request': 1024 * 1024,
};

/** A body given to a builder: text (sent as UTF-8) or bytes. */
export type BodyInit = string | Uint8Array;

export function bodyBytes(body: BodyInit): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

/** What a function sees for this body: `read-only`, base64, truncated past `limitBytes`. */
export function exposeBody(body: BodyInit, limitBytes: number): RequestBody {
  if (!Number.isInteger(limitBytes) || limitBytes < 0) {
    throw new RangeError(`bodyLimitBytes must be a whole number of bytes ≥ 0, got ${limitBytes}.`);
  }
  const bytes = bodyBytes(body);
  const exposed = bytes.subarray(0, limitBytes);
  return {
    inputTruncated: bytes.length > limitBytes,
    action: 'read-only',
    encoding: 'base64',
    data: Buffer.from(exposed.buffer, exposed.byteOffset, exposed.byteLength).toString('base64'),
  };
}

/** Decodes a body a function received or returned, whatever its encoding, to bytes. */
export function readBody(body: Pick<RequestBody, 'data' | 'encoding'>): Uint8Array {
  return body.encoding === 'base64'
    ? new Uint8Array(Buffer.from(body.data, 'base64'))
    : new TextEncoder().encode(body.data);
}
