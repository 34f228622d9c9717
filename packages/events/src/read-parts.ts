/**
 * Reading the request and response of event JSON, for `normalizeEvent` and `assertEvent`
 * (see fields.ts for the two modes).
 */
import { STATUS_CODES } from 'node:http';
import { GUIDE_EXAMPLE } from './builders.ts';
import {
  aBoolean,
  aNumber,
  aString,
  aStringList,
  field,
  headers,
  InvalidEventError,
  type Json,
  type Mode,
  object,
  oneOf,
} from './fields.ts';
import { getHeader, setHeader } from './headers.ts';
import type { EventType, Headers, Origin, RequestBody, Response } from './types.ts';

export const CF = 'Records[0].cf';
const aStatus = {
  accepts: (value: unknown): value is string =>
    typeof value === 'string' && /^[1-5]\d\d$/.test(value),
  description: 'a status code as a string, "100" to "599"',
};

export function readRequest(
  mode: Mode,
  raw: Json,
  eventType: EventType,
  distributionDomain: string,
) {
  const path = `${CF}.request`;
  const uri = field(mode, raw, 'uri', path, aString, () => '/');
  if (!uri.startsWith('/')) {
    throw new InvalidEventError(
      `${path}.uri`,
      `must start with "/", got ${JSON.stringify(uri)}`,
      'Give the path part of the URL, e.g. "/index.html".',
    );
  }
  // The guide's origin-response example carries the origin too, so filling adds one; the
  // type leaves it optional there, so strict mode does not require it.
  const withOrigin =
    eventType === 'origin-request' ||
    (eventType === 'origin-response' && (mode === 'fill' || raw.origin !== undefined));
  if (!withOrigin && raw.origin !== undefined) {
    throw new InvalidEventError(
      `${path}.origin`,
      `is not part of a ${eventType} event`,
      'Only origin events carry the origin; pick the right eventType.',
    );
  }
  let requestHeaders = headers(mode, raw.headers, `${path}.headers`);
  const origin = withOrigin
    ? readOrigin(mode, raw.origin, getHeader(requestHeaders, 'host'))
    : undefined;
  if (mode === 'fill' && getHeader(requestHeaders, 'host') === undefined) {
    const host = origin ? (origin.custom ?? origin.s3).domainName : distributionDomain;
    requestHeaders = setHeader(requestHeaders, 'host', host);
  }
  const isRequestEvent = eventType === 'viewer-request' || eventType === 'origin-request';
  const body = isRequestEvent && raw.body !== undefined ? readBody(mode, raw.body) : undefined;
  return {
    clientIp: field(mode, raw, 'clientIp', path, aString, () => GUIDE_EXAMPLE.clientIp),
    headers: requestHeaders,
    method: field(mode, raw, 'method', path, aString, () => 'GET'),
    ...(origin && { origin }),
    querystring: field(mode, raw, 'querystring', path, aString, () => ''),
    uri,
    ...(body && { body }),
  };
}

function readBody(mode: Mode, value: unknown): RequestBody {
  const path = `${CF}.request.body`;
  const body = object(value, path);
  return {
    inputTruncated: field(mode, body, 'inputTruncated', path, aBoolean, () => false),
    action: field(
      mode,
      body,
      'action',
      path,
      oneOf('read-only', 'replace'),
      () => 'read-only' as const,
    ),
    encoding: field(mode, body, 'encoding', path, oneOf('base64', 'text'), () => 'base64' as const),
    data: field(mode, body, 'data', path, aString, () => ''),
  };
}

function readOrigin(mode: Mode, value: unknown, host: string | undefined): Origin {
  const path = `${CF}.request.origin`;
  const origin = mode === 'fill' && value === undefined ? { custom: {} } : object(value, path);
  if ((origin.custom === undefined) === (origin.s3 === undefined)) {
    throw new InvalidEventError(
      path,
      'must have exactly one of "custom" or "s3"',
      'Keep the origin CloudFront selected, or replace it with one of the two kinds.',
    );
  }
  const domain = () => host ?? GUIDE_EXAMPLE.originDomain;
  const customHeaders = (parent: Json, at: string): Headers =>
    headers(mode, parent.customHeaders, `${at}.customHeaders`);
  if (origin.s3 !== undefined) {
    const at = `${path}.s3`;
    const s3 = object(origin.s3, at);
    const fields = {
      customHeaders: customHeaders(s3, at),
      domainName: field(mode, s3, 'domainName', at, aString, domain),
      path: field(mode, s3, 'path', at, aString, () => ''),
    };
    const authMethod = field(
      mode,
      s3,
      'authMethod',
      at,
      oneOf('origin-access-identity', 'none'),
      () => (s3.region === undefined ? 'none' : 'origin-access-identity'),
    );
    if (authMethod === 'none') {
      const region = s3.region === undefined ? undefined : field(mode, s3, 'region', at, aString);
      return { s3: { authMethod, ...fields, ...(region !== undefined && { region }) } };
    }
    return { s3: { authMethod, ...fields, region: field(mode, s3, 'region', at, aString) } };
  }
  const at = `${path}.custom`;
  const custom = object(origin.custom, at);
  const protocol = field(
    mode,
    custom,
    'protocol',
    at,
    oneOf('http', 'https'),
    () => 'https' as const,
  );
  return {
    custom: {
      customHeaders: customHeaders(custom, at),
      domainName: field(mode, custom, 'domainName', at, aString, domain),
      keepaliveTimeout: field(mode, custom, 'keepaliveTimeout', at, aNumber, () => 5),
      path: field(mode, custom, 'path', at, aString, () => ''),
      port: field(mode, custom, 'port', at, aNumber, () => (protocol === 'https' ? 443 : 80)),
      protocol,
      readTimeout: field(mode, custom, 'readTimeout', at, aNumber, () => 30),
      sslProtocols: field(mode, custom, 'sslProtocols', at, aStringList, () => ['TLSv1.2']),
    },
  };
}

export function readResponse(mode: Mode, value: unknown): Response {
  const path = `${CF}.response`;
  const response = { ...(mode === 'fill' && value === undefined ? {} : object(value, path)) };
  // Hand-written events often use a number, as AWS's example handlers do.
  if (mode === 'fill' && typeof response.status === 'number')
    response.status = String(response.status);
  const status = field(mode, response, 'status', path, aStatus, () => '200');
  return {
    headers: headers(mode, response.headers, `${path}.headers`),
    status,
    statusDescription: field(
      mode,
      response,
      'statusDescription',
      path,
      aString,
      () => STATUS_CODES[Number(status)] ?? '',
    ),
  };
}
