/**
 * Validation of each kind of result, composed from the rule groups. Each returns the
 * normalized value; violations accumulate in `out`.
 */
import type {
  GeneratedResponse,
  Headers,
  OriginRequest,
  RequestBody,
  ResultResponse,
  ViewerRequest,
} from '@edge-app/events';
import { checkResponseBody, type ResponseBodyInput } from './body.ts';
import { checkHeaderChanges, normalizeHeaders } from './headers.ts';
import { checkOrigin } from './origin.ts';
import { checkReadOnlyFields, checkRequestUnchanged } from './request.ts';
import { checkRequestBody } from './request-body.ts';
import { report, type Violations } from './rules.ts';
import { checkStatusDescription, checkViewerResponseStatus, normalizeStatus } from './status.ts';
import type { ValidationInput } from './types.ts';
import { checkUriAndQuery } from './uri.ts';
import { isRecord } from './values.ts';

type Loose = Record<string, unknown>;

/** The parts of `event.Records[0].cf`, read defensively: fixtures in the wild omit fields. */
function cfOf(event: unknown): { request?: Loose; response?: Loose } {
  const records = isRecord(event) ? event.Records : undefined;
  const cf = Array.isArray(records) && isRecord(records[0]) ? records[0].cf : undefined;
  if (!isRecord(cf)) return {};
  return {
    request: isRecord(cf.request) ? cf.request : undefined,
    response: isRecord(cf.response) ? cf.response : undefined,
  };
}

function headersOf(value: Loose | undefined): Headers {
  return isRecord(value?.headers) ? (value.headers as Headers) : {};
}

const RESPONSE = 'response';
const RESPONSE_HEADERS = 'response.headers';

/** A generated and a replaced response body are checked alike. */
function responseBody(
  input: ValidationInput,
  result: Loose,
  status: string,
  headers: Headers,
): ResponseBodyInput {
  return {
    body: result.body,
    bodyEncoding: result.bodyEncoding,
    status,
    headers,
    maxBytes: input.limits.generatedResponseBytes,
    path: RESPONSE,
  };
}

export function validateRequest(
  input: ValidationInput,
  result: Loose,
  out: Violations,
): ViewerRequest | OriginRequest {
  const before = cfOf(input.event).request ?? {};
  checkReadOnlyFields(before, result, out);
  const querystring = checkUriAndQuery(
    {
      before: { uri: String(before.uri), querystring: String(before.querystring ?? '') },
      uri: result.uri,
      querystring: result.querystring,
    },
    out,
  );
  const headers = normalizeHeaders(result.headers, 'request.headers', out);
  // A malformed map is reported once; comparing it would only repeat the problem.
  if (result.headers === undefined || isRecord(result.headers)) {
    checkHeaderChanges(
      {
        eventType: input.eventType,
        before: headersOf(before),
        after: headers,
        path: 'request.headers',
        generated: false,
      },
      out,
    );
  }
  const body = checkRequestBody(
    before.body as RequestBody | undefined,
    result.body,
    input.limits,
    out,
  );
  const value: Loose = {
    ...result,
    clientIp: result.clientIp ?? before.clientIp,
    method: result.method ?? before.method,
    querystring,
    headers,
  };
  if (body) value.body = body;
  else delete value.body;
  if (input.eventType === 'origin-request') {
    if (before.origin === undefined && (result.origin === undefined || result.origin === null)) {
      // The event lacked the origin CloudFront always supplies (the Lambda console's and SAM's
      // sample events do), and the function left it out too: a gap in the test event, not
      // something the function did (docs/cloudfront-rules.md#origin-fields).
      delete value.origin;
    } else {
      value.origin = checkOrigin(
        before.origin as OriginRequest['origin'],
        result.origin,
        headers,
        out,
      );
    }
  } else if (result.origin !== undefined) {
    report(
      out,
      'origin-in-viewer-request',
      'request.origin was set in a viewer-request event; the origin is chosen after viewer-request.',
      'Remove request.origin here and change the origin in an origin-request function instead.',
    );
    delete value.origin;
  }
  return value as unknown as ViewerRequest | OriginRequest;
}

export function validateGenerated(
  input: ValidationInput,
  result: Loose,
  out: Violations,
): GeneratedResponse {
  const status = normalizeStatus(result.status, RESPONSE, out);
  checkStatusDescription(result.statusDescription, RESPONSE, out);
  const headers = normalizeHeaders(result.headers, RESPONSE_HEADERS, out);
  checkHeaderChanges(
    {
      eventType: input.eventType,
      before: {},
      after: headers,
      path: RESPONSE_HEADERS,
      generated: true,
    },
    out,
  );
  const body = checkResponseBody(responseBody(input, result, status, headers), out);
  return { ...result, status, headers, ...body } as GeneratedResponse;
}

export function validateResponse(
  input: ValidationInput,
  result: Loose,
  out: Violations,
): ResultResponse {
  const cf = cfOf(input.event);
  const before = cf.response ?? {};
  const status =
    input.eventType === 'viewer-response'
      ? checkViewerResponseStatus(before.status, result.status, RESPONSE, out)
      : normalizeStatus(result.status, RESPONSE, out);
  checkStatusDescription(result.statusDescription, RESPONSE, out);
  const headers = normalizeHeaders(result.headers, RESPONSE_HEADERS, out);
  if (result.headers === undefined || isRecord(result.headers)) {
    checkHeaderChanges(
      {
        eventType: input.eventType,
        before: headersOf(before),
        after: headers,
        path: RESPONSE_HEADERS,
        generated: false,
      },
      out,
    );
  }
  const value: Loose = { ...result, status, headers };
  // Without `body` the origin's body passes through and nothing new is generated. Whether a
  // viewer-response function may replace the body is undocumented
  // (docs/cloudfront-rules.md#event-response-fields); it is allowed here under the same rules as
  // origin-response rather than guessed to be an error.
  if (result.body !== undefined || result.bodyEncoding !== undefined) {
    Object.assign(value, checkResponseBody(responseBody(input, result, status, headers), out));
  }
  if (input.eventAfter) checkRequestUnchanged(cf.request, cfOf(input.eventAfter).request, out);
  return value as unknown as ResultResponse;
}
