/**
 * What an invocation needs to know before it runs: the event type, the limits that apply and the
 * function's configured memory and timeout, checked the way CloudFront checks them when a function
 * is associated (docs/cloudfront-rules.md#association-checks: InvalidLambdaFunctionAssociation,
 * "Max allowed: 5").
 */
import { type AnyEvent, EVENT_TYPES, type EventType } from '@edge-app/events';
import type { EventLimits, LimitProfileName } from '../config.ts';
import { MAX_MEMORY_MB, MAX_TIMEOUT_SECONDS, resolveLimits } from '../limits.ts';
import { RuntimeSetupError } from './errors.ts';
import type { Failure } from './failures.ts';
import type { InvokeOptions } from './types.ts';

export interface InvocationSettings {
  eventType: EventType;
  limits: EventLimits;
  memoryMB: number;
  timeoutSeconds: number;
}

/** Lambda accepts 128–10,240 MB (AWS Lambda quotas). */
const LAMBDA_MIN_MEMORY_MB = 128;

/**
 * `cf.config.eventType` when present; older events (such as `sam local generate-event`'s)
 * lack it, so otherwise the shape decides: a response means a response event, an origin
 * means an origin event.
 */
export function detectEventType(event: AnyEvent): EventType {
  const cf = (event as { Records?: Array<{ cf?: Record<string, unknown> }> })?.Records?.[0]?.cf;
  if (!cf || typeof cf !== 'object') {
    throw new RuntimeSetupError(
      'The event is not a Lambda@Edge event: it has no Records[0].cf.',
      'Build events with the @edge-app/events builders, or load a CloudFront event JSON.',
    );
  }
  const declared = (cf.config as { eventType?: unknown } | undefined)?.eventType;
  if (typeof declared === 'string') {
    if ((EVENT_TYPES as readonly string[]).includes(declared)) return declared as EventType;
    throw new RuntimeSetupError(
      `The event's cf.config.eventType is "${declared}".`,
      `Use one of ${EVENT_TYPES.join(', ')}.`,
    );
  }
  const hasOrigin = Boolean((cf.request as { origin?: unknown } | undefined)?.origin);
  if (cf.response) return hasOrigin ? 'origin-response' : 'viewer-response';
  return hasOrigin ? 'origin-request' : 'viewer-request';
}

/**
 * The event type to run `event` as: the function's association when it has one (an event that
 * declares another type is refused, since every rule depends on it), else the event's own.
 */
export function eventTypeFor(event: AnyEvent, associated: EventType | undefined): EventType {
  const own = detectEventType(event);
  const declared = (event.Records[0].cf.config as { eventType?: unknown } | undefined)?.eventType;
  if (associated && declared !== undefined && declared !== associated) {
    throw new RuntimeSetupError(
      `The function is associated with ${associated} but received ${own.startsWith('o') ? 'an' : 'a'} ${own} event.`,
      `Pass a ${associated} event, or create the function with eventType: '${own}'.`,
    );
  }
  return associated ?? own;
}

export function resolveSettings(
  eventType: EventType,
  options: InvokeOptions,
): InvocationSettings | Failure {
  const profile: LimitProfileName = options.profile ?? 'strict';
  const limits = resolveLimits(eventType, profile, options.limits);
  const maxMemory = options.limits?.memoryMB ?? MAX_MEMORY_MB[profile][eventType];
  const maxTimeout = options.limits?.timeoutSeconds ?? MAX_TIMEOUT_SECONDS[profile][eventType];
  const memoryMB = options.memoryMB ?? limits.memoryMB;
  const timeoutSeconds = options.timeoutSeconds ?? limits.timeoutSeconds;
  if (!(timeoutSeconds > 0)) {
    return configFailure(
      `The function timeout ${timeoutSeconds} is not a positive number of seconds.`,
      `Set timeoutSeconds between 1 and ${maxTimeout} for ${eventType}.`,
    );
  }
  if (timeoutSeconds > maxTimeout) {
    return configFailure(
      `The function timeout is larger than the maximum allowed for functions that are triggered by a CloudFront event: ${timeoutSeconds} Max allowed: ${maxTimeout} (${eventType}, ${profile} profile). CloudFront would refuse the association.`,
      `Set timeoutSeconds to ${maxTimeout} or less for ${eventType}.`,
    );
  }
  if (!Number.isInteger(memoryMB) || memoryMB < LAMBDA_MIN_MEMORY_MB) {
    return configFailure(
      `The function memory ${memoryMB} MB is not a whole number of at least ${LAMBDA_MIN_MEMORY_MB} MB, which Lambda requires.`,
      `Set memoryMB between ${LAMBDA_MIN_MEMORY_MB} and ${maxMemory} for ${eventType}.`,
    );
  }
  if (memoryMB > maxMemory) {
    return configFailure(
      `The function memory size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: ${memoryMB} Max allowed: ${maxMemory} (${eventType}, ${profile} profile). CloudFront would refuse the association.`,
      `Set memoryMB to ${maxMemory} or less for ${eventType}${maxMemory === 128 ? ', or move the work to an origin event, which may use more memory' : ''}.`,
    );
  }
  return { eventType, limits: { ...limits, memoryMB, timeoutSeconds }, memoryMB, timeoutSeconds };
}

function configFailure(message: string, fix: string): Failure {
  return { errorType: 'LambdaLimitExceeded', status: 503, rule: 'config-limit', message, fix };
}
