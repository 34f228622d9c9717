/**
 * Accepting event JSON from elsewhere: `normalizeEvent` fills what CloudFront always sends but
 * older or hand-made events leave out (the `sam local generate-event` ones have no eventType,
 * requestId, querystring...), `assertEvent` checks that nothing is missing. Both name the
 * exact path of anything malformed.
 */
import { STATUS_CODES } from 'node:http';
import { EXAMPLE } from './builders.ts';
import {
  aBoolean,
  aNumber,
  aString,
  aStringList,
  field,
  headers,
  InvalidEventError,
  isObject,
  type Json,
  type Mode,
  object,
  oneOf,
} from './fields.ts';
import { getHeader, setHeader } from './headers.ts';
import {
  type AnyEvent,
  EVENT_TYPES,
  type EventByType,
  type EventType,
  type Headers,
  type Origin,
  type RequestBody,
  type Response,
} from './types.ts';

export { InvalidEventError } from './fields.ts';

export interface NormalizeOptions<T extends EventType = EventType> {
  /**
   * The trigger the event is for, when the JSON does not say. Without it: a `response` means
   * viewer-response (origin-response when the request has an origin), otherwise an `origin`
   * means origin-request, otherwise viewer-request.
   */
  eventType?: T;
}

const CF = 'Records[0].cf';
const anEventType = oneOf(...EVENT_TYPES);
const aStatus = {
  accepts: (value: unknown): value is string =>
    typeof value === 'string' && /^[1-5]\d\d$/.test(value),
  description: 'a status code as a string, "100" to "599"',
};

/** An event as CloudFront would send it, from JSON that may leave out what CloudFront always fills. */
export function normalizeEvent<T extends EventType>(
  raw: unknown,
  options: NormalizeOptions<T> & { eventType: T },
): EventByType[T];
export function normalizeEvent(raw: unknown, options?: NormalizeOptions): AnyEvent;
export function normalizeEvent(raw: unknown, options: NormalizeOptions = {}): AnyEvent {
  return readEvent('fill', raw, options.eventType);
}

/** Throws an {@link InvalidEventError} unless `raw` is a complete event, exactly as CloudFront sends it. */
export function assertEvent<T extends EventType = EventType>(
  raw: unknown,
  eventType?: T,
): asserts raw is EventByType[T] {
  readEvent('strict', raw, eventType);
}

/** True when `raw` is a complete event (of `eventType`, when given). */
export function isEvent<T extends EventType = EventType>(
  raw: unknown,
  eventType?: T,
): raw is EventByType[T] {
  try {
    readEvent('strict', raw, eventType);
    return true;
  } catch (error) {
    if (error instanceof InvalidEventError) return false;
    throw error;
  }
}

function readEvent(mode: Mode, raw: unknown, wanted: EventType | undefined): AnyEvent {
  const envelope = object(raw, 'event');
  const records = envelope.Records;
  if (!Array.isArray(records) || records.length !== 1) {
    throw new InvalidEventError(
      'event.Records',
      'must be an array of exactly one record',
      'CloudFront sends one record per invocation: { "Records": [{ "cf": { ... } }] }.',
    );
  }
  const cf = object(object(records[0], 'Records[0]').cf, CF);
  const rawConfig =
    mode === 'fill' && cf.config === undefined ? {} : object(cf.config, `${CF}.config`);
  const eventType = resolveEventType(mode, rawConfig, cf, wanted);
  const isResponseEvent = eventType === 'origin-response' || eventType === 'viewer-response';
  if (!isResponseEvent && cf.response !== undefined) {
    throw new InvalidEventError(
      `${CF}.response`,
      `is not part of a ${eventType} event`,
      'Only origin-response and viewer-response events carry a response; pick the right eventType.',
    );
  }
  const config = {
    distributionDomainName: field(
      mode,
      rawConfig,
      'distributionDomainName',
      `${CF}.config`,
      aString,
      () => EXAMPLE.distributionDomainName,
    ),
    distributionId: field(
      mode,
      rawConfig,
      'distributionId',
      `${CF}.config`,
      aString,
      () => EXAMPLE.distributionId,
    ),
    eventType,
    requestId: field(
      mode,
      rawConfig,
      'requestId',
      `${CF}.config`,
      aString,
      () => EXAMPLE.requestId,
    ),
  };
  const rawRequest =
    mode === 'fill' && cf.request === undefined ? {} : object(cf.request, `${CF}.request`);
  const request = readRequest(mode, rawRequest, eventType, config.distributionDomainName);
  const response = isResponseEvent ? readResponse(mode, cf.response) : undefined;
  return { Records: [{ cf: { config, request, ...(response && { response }) } }] } as AnyEvent;
}

function resolveEventType(
  mode: Mode,
  config: Json,
  cf: Json,
  wanted: EventType | undefined,
): EventType {
  const given =
    config.eventType === undefined && mode === 'fill'
      ? undefined
      : field(mode, config, 'eventType', `${CF}.config`, anEventType);
  if (given && wanted && given !== wanted) {
    throw new InvalidEventError(
      `${CF}.config.eventType`,
      `is ${JSON.stringify(given)}, not ${JSON.stringify(wanted)}`,
      `Use a ${wanted} event, or ask for ${given}.`,
    );
  }
  if (given ?? wanted) return (given ?? wanted) as EventType;
  const hasOrigin = isObject(cf.request) && cf.request.origin !== undefined;
  if (cf.response !== undefined) return hasOrigin ? 'origin-response' : 'viewer-response';
  return hasOrigin ? 'origin-request' : 'viewer-request';
}

function readRequest(mode: Mode, raw: Json, eventType: EventType, distributionDomain: string) {
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
    clientIp: field(mode, raw, 'clientIp', path, aString, () => EXAMPLE.clientIp),
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
  const domain = () => host ?? EXAMPLE.originDomain;
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

function readResponse(mode: Mode, value: unknown): Response {
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
