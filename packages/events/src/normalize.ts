/**
 * Accepting event JSON from elsewhere: `normalizeEvent` fills what CloudFront always sends but
 * older or hand-made events leave out (the `sam local generate-event` ones have no eventType,
 * requestId, querystring...), `assertEvent` checks that nothing is missing. Both name the
 * exact path of anything malformed.
 */
import { GUIDE_EXAMPLE } from './builders.ts';
import {
  aString,
  field,
  InvalidEventError,
  isObject,
  type Json,
  type Mode,
  object,
  oneOf,
} from './fields.ts';
import { CF, readRequest, readResponse } from './read-parts.ts';
import { type AnyEvent, EVENT_TYPES, type EventByType, type EventType } from './types.ts';

export { InvalidEventError } from './fields.ts';

export interface NormalizeOptions<T extends EventType = EventType> {
  /**
   * The trigger the event is for, when the JSON does not say. Without it: a `response` means
   * viewer-response (origin-response when the request has an origin), otherwise an `origin`
   * means origin-request, otherwise viewer-request.
   */
  eventType?: T;
}

const anEventType = oneOf(...EVENT_TYPES);

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
  const configString = (key: 'distributionDomainName' | 'distributionId' | 'requestId') =>
    field(mode, rawConfig, key, `${CF}.config`, aString, () => GUIDE_EXAMPLE[key]);
  const config = {
    distributionDomainName: configString('distributionDomainName'),
    distributionId: configString('distributionId'),
    eventType,
    requestId: configString('requestId'),
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
