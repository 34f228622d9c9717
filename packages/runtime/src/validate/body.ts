/**
 * Bodies of responses a function returns: generated in a request event, or replaced in a response
 * event ("Generating HTTP responses in request triggers", "Updating HTTP responses in origin
 * response triggers"; docs/cloudfront-rules.md#generated-responses,
 * docs/cloudfront-rules.md#event-limits).
 */
import type { Headers } from '@edge-app/events';
import { report, type Violations } from './rules.ts';
import { describeValue, isBase64, utf8Bytes } from './values.ts';

export interface ResponseBodyInput {
  body: unknown;
  bodyEncoding: unknown;
  /** Normalized status string. */
  status: string;
  headers: Headers;
  /** `limits.generatedResponseBytes` of the event type. */
  maxBytes: number;
  path: string;
}

export interface ResponseBody {
  body?: string;
  bodyEncoding?: 'text' | 'base64';
}

/** Checks the body of a response and returns it with `bodyEncoding` defaulted to `text`. */
export function checkResponseBody(input: ResponseBodyInput, out: Violations): ResponseBody {
  const { body, bodyEncoding, path } = input;
  const encoding = checkBodyEncoding(bodyEncoding, `${path}.bodyEncoding`, out);
  if (body === undefined) return bodyEncoding === undefined ? {} : { bodyEncoding: encoding };
  if (typeof body !== 'string') {
    report(
      out,
      'body-type',
      `${path}.body is ${describeValue(body)}; a response body must be a string.`,
      `Set ${path}.body to a string: text as is, binary data as base64 with bodyEncoding: 'base64'.`,
    );
    return { bodyEncoding: encoding };
  }
  if (encoding === 'base64' && !isBase64(body)) {
    report(
      out,
      'body-base64',
      `${path}.body is not valid base64 although bodyEncoding is 'base64'.`,
      "Encode the body with Buffer.from(data).toString('base64'), or set bodyEncoding: 'text'.",
    );
  }
  // 204 No Content with a body fails validation (docs/cloudfront-rules.md#generated-responses); an
  // empty string removes the body.
  if (input.status === '204' && body.length > 0) {
    report(
      out,
      'status-204-body',
      `${path} has status 204 and a body; a 204 response cannot carry one.`,
      `Remove ${path}.body (or set it to ''), or use status 200.`,
    );
  }
  checkResponseSize(input.headers, body, input.maxBytes, path, out);
  return { body, bodyEncoding: encoding };
}

function checkBodyEncoding(value: unknown, path: string, out: Violations): 'text' | 'base64' {
  if (value === undefined || value === 'text' || value === 'base64') return value ?? 'text';
  report(
    out,
    'body-encoding',
    `${path} is ${describeValue(value)}; it must be 'text' or 'base64'.`,
    `Set ${path} to 'text' or 'base64', or leave it out for text.`,
  );
  return 'text';
}

/**
 * The limit counts headers and body (docs/cloudfront-rules.md#event-limits). Headers count as they
 * go on the wire (`Key: value` plus CRLF). The body counts as the function returned it, base64 text
 * included: the limit applies to the function's result, and counting the encoded form errs on the
 * side of failing locally rather than in production (how CloudFront counts a base64 body is not
 * documented).
 */
function checkResponseSize(
  headers: Headers,
  body: string,
  maxBytes: number,
  path: string,
  out: Violations,
): void {
  const headerBytes = headersWireBytes(headers);
  const bodyBytes = utf8Bytes(body);
  if (headerBytes + bodyBytes <= maxBytes) return;
  report(
    out,
    'response-size',
    `${path} is ${headerBytes + bodyBytes} bytes (headers ${headerBytes}, body ${bodyBytes}); a generated response may be at most ${maxBytes} bytes for this event type.`,
    'Make the body smaller, or serve the content from the origin (or S3) and return a redirect instead.',
  );
}

export function headersWireBytes(headers: Headers): number {
  let bytes = 0;
  for (const name of Object.keys(headers)) {
    const entries = headers[name];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const spelling = typeof entry?.key === 'string' ? entry.key : name;
      const value = typeof entry?.value === 'string' ? entry.value : '';
      bytes += utf8Bytes(spelling) + utf8Bytes(value) + 4;
    }
  }
  return bytes;
}
