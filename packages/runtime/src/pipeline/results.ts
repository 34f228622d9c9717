/** Converting between what functions return and the bytes and headers the pipeline sends on. */
import { STATUS_CODES } from 'node:http';
import type { GeneratedResponse, RequestBody, Response, ResultResponse } from '@edge-app/events';
import { RequestBody as ViewerBody } from './body.ts';
import { cloneHeaders } from './headers.ts';
import { decodeBody, type FinalResponse } from './response.ts';

/** IncludeBody shows a body for requests that may carry one (docs/cloudfront-rules.md#request-body). */
export function hasBody(method: string, body: ViewerBody): boolean {
  return body.present || (method !== 'GET' && method !== 'HEAD');
}

/** The body as CloudFront exposes it with IncludeBody: base64, cut at the event's limit. */
export async function exposeBody(body: ViewerBody, limitBytes: number): Promise<RequestBody> {
  const { bytes, truncated } = await body.peek(limitBytes);
  return {
    inputTruncated: truncated,
    action: 'read-only',
    encoding: 'base64',
    data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  };
}

/** With `read-only` the original body goes on; `replace` swaps in the function's data. */
export function bodyAfter(exposed: RequestBody | undefined, original: ViewerBody): ViewerBody {
  return exposed?.action === 'replace'
    ? ViewerBody.fromBytes(decodeBody(exposed.data, exposed.encoding))
    : original;
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
