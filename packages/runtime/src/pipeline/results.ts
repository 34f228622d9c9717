/** Converting between what functions return and the bytes and headers the pipeline sends on. */
import { STATUS_CODES } from 'node:http';
import type { GeneratedResponse, RequestBody, Response, ResultResponse } from '@edge-app/events';
import { cloneHeaders } from './headers.ts';
import { decodeBody, type FinalResponse } from './response.ts';

export function hasBody(method: string, body: Uint8Array): boolean {
  return body.byteLength > 0 || (method !== 'GET' && method !== 'HEAD');
}

/** The body as CloudFront exposes it with IncludeBody: base64, cut at the event's limit. */
export function exposeBody(body: Uint8Array, limitBytes: number): RequestBody {
  const kept = body.byteLength > limitBytes ? body.subarray(0, limitBytes) : body;
  return {
    inputTruncated: body.byteLength > limitBytes,
    action: 'read-only',
    encoding: 'base64',
    data: Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength).toString('base64'),
  };
}

/** With `read-only` the original body goes on; `replace` swaps in the function's data. */
export function bodyAfter(exposed: RequestBody | undefined, original: Uint8Array): Uint8Array {
  return exposed?.action === 'replace' ? decodeBody(exposed.data, exposed.encoding) : original;
}

/**
 * A response as origin-response and viewer-response see it: the status as a string, the
 * headers a copy, so the function cannot change the object it was made from (e.g. a cached one).
 */
export function toEventResponse(response: FinalResponse): Response {
  return {
    status: String(response.status),
    statusDescription: response.statusDescription,
    headers: cloneHeaders(response.headers),
  };
}

export function fromGenerated(response: GeneratedResponse | ResultResponse): FinalResponse {
  const status = Number(response.status);
  return {
    status,
    statusDescription: response.statusDescription ?? STATUS_CODES[status] ?? '',
    headers: response.headers ? cloneHeaders(response.headers) : {},
    body: decodeBody(response.body ?? '', response.bodyEncoding),
  };
}

/** A response function's result: its headers; its body when it set one (docs/cloudfront-rules.md#event-response-fields). */
export function applyResult(
  current: FinalResponse,
  result: ResultResponse,
  statusMayChange: boolean,
): FinalResponse {
  const status = statusMayChange ? Number(result.status) : current.status;
  return {
    status,
    statusDescription:
      result.statusDescription ??
      (status === current.status ? current.statusDescription : (STATUS_CODES[status] ?? '')),
    headers: cloneHeaders(result.headers ?? {}),
    body: result.body === undefined ? current.body : decodeBody(result.body, result.bodyEncoding),
  };
}
