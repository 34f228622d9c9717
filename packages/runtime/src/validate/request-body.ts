/**
 * The request body a request function sees when its association has IncludeBody
 * ("Restrictions on Lambda@Edge" and "Access the request body by choosing the include body
 * option"; docs/cloudfront-rules.md#request-body).
 */
import type { RequestBody } from '@edge-app/events';
import type { EventLimits } from '../config.ts';
import { report, type Violations } from './rules.ts';
import { describeValue, isBase64, isRecord, utf8Bytes } from './values.ts';

/**
 * Checks `request.body` and returns what CloudFront forwards: the original body unless the
 * function replaced it. With `action: 'read-only'` (the default) changes to `data` and
 * `encoding` are ignored, so they are normalized back rather than reported.
 */
export function checkRequestBody(
  original: RequestBody | undefined,
  returned: unknown,
  limits: EventLimits,
  out: Violations,
): RequestBody | undefined {
  // Dropping the field does not drop the body: CloudFront forwards the original.
  if (returned === undefined) return original;
  if (!original) {
    // Not documented either way; a body the function sets without IncludeBody never reaches
    // the origin, so say so rather than let it pass silently.
    report(
      out,
      'body-not-included',
      'request.body was set, but this association does not include the body (IncludeBody is off), so CloudFront would not forward it.',
      'Turn on includeBody for this function in edge.config.ts (functions: { ... : { function, includeBody: true } }), or do not set request.body.',
    );
    return undefined;
  }
  if (!isRecord(returned)) {
    report(
      out,
      'body-type',
      `request.body is ${describeValue(returned)}; it must be { inputTruncated, action, encoding, data }.`,
      "Change fields of the body the event gave you: request.body.action = 'replace'; request.body.data = ...",
    );
    return original;
  }
  if (
    returned.inputTruncated !== undefined &&
    returned.inputTruncated !== original.inputTruncated
  ) {
    report(
      out,
      'read-only-field',
      `request.body.inputTruncated changed from ${original.inputTruncated} to ${describeValue(returned.inputTruncated)}; it is read-only.`,
      'Leave request.body.inputTruncated as the event had it.',
    );
  }
  const action = returned.action ?? 'read-only';
  if (action === 'read-only') return original;
  if (action !== 'replace') {
    report(
      out,
      'body-action',
      `request.body.action is ${describeValue(action)}; it must be 'read-only' or 'replace'.`,
      "Set request.body.action = 'replace' to send new data to the origin.",
    );
    return original;
  }
  return checkReplacement(original, returned, limits, out);
}

function checkReplacement(
  original: RequestBody,
  returned: Record<string, unknown>,
  limits: EventLimits,
  out: Violations,
): RequestBody {
  const { data } = returned;
  const encoding = returned.encoding ?? 'base64';
  if (encoding !== 'text' && encoding !== 'base64') {
    report(
      out,
      'body-encoding',
      `request.body.encoding is ${describeValue(encoding)}; it must be 'base64' or 'text'.`,
      "Set request.body.encoding to 'text' for plain data or 'base64' for encoded data.",
    );
    return original;
  }
  if (typeof data !== 'string') {
    report(
      out,
      'body-type',
      `request.body.data is ${describeValue(data)}; it must be a string.`,
      "Set request.body.data to a string (base64 with encoding: 'base64', or text with encoding: 'text').",
    );
    return original;
  }
  const replaced: RequestBody = {
    inputTruncated: original.inputTruncated,
    action: 'replace',
    encoding,
    data,
  };
  if (encoding === 'base64') {
    if (!isBase64(data)) {
      report(
        out,
        'body-base64',
        "request.body.data is not valid base64 although encoding is 'base64'.",
        "Encode it with Buffer.from(data).toString('base64'), or set request.body.encoding = 'text'.",
      );
    }
    // base64 text is ASCII: its length is its size in bytes.
    checkSize(data.length, limits.base64BodyBytes, 'base64', out);
  } else {
    checkSize(utf8Bytes(data), limits.textBodyBytes, 'text', out);
  }
  return replaced;
}

function checkSize(bytes: number, max: number, encoding: string, out: Violations): void {
  if (bytes <= max) return;
  report(
    out,
    'body-size',
    `the replaced request body is ${bytes} bytes as ${encoding}; at most ${max} bytes are allowed for a ${encoding} body in this event type.`,
    'Send less data to the origin, or upload large payloads to S3 and pass a reference.',
  );
}
