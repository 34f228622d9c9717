/**
 * From what a container reported to the typed outcome: failures as they are, results through
 * CloudFront's validation (every violation is a 502 LambdaValidationError,
 * docs/cloudfront-rules.md#validation-errors), or passed through with the violations as warnings in
 * warn mode.
 */
import type {
  AnyEvent,
  EventType,
  GeneratedResponse,
  OriginRequest,
  ResultResponse,
  ViewerRequest,
} from '@edge-app/events';
import type { EventLimits } from '../config.ts';
import { type Violation, validateResult } from '../validate/index.ts';
import type { ContainerResult } from './container.ts';
import type { Failure } from './failures.ts';
import type { InvokeOutcome } from './types.ts';

export interface OutcomeContext {
  eventType: EventType;
  /** The event exactly as the function received it (before any change the handler made). */
  event: AnyEvent;
  limits: EventLimits;
  validation: 'error' | 'warn';
}

/** nodejs24.x removed callback handlers (docs/cloudfront-rules.md#handler-styles). */
export const CALLBACK_WARNING: Violation = {
  rule: 'callback-handler',
  message:
    'The handler answered through the callback. The nodejs24.x Lambda runtime removed callback-style handlers; only async handlers work there.',
  fix: 'Declare the handler `async` and return the result (or throw) instead of calling the callback.',
};

export function toOutcome(result: ContainerResult, context: OutcomeContext): InvokeOutcome {
  const warnings: Violation[] = result.callbackUsed ? [CALLBACK_WARNING] : [];
  const meta = {
    logs: result.logs,
    durationMs: result.durationMs,
    memoryUsedMB: result.memoryUsedMB,
    warnings,
    ...(result.initDurationMs === undefined ? {} : { initDurationMs: result.initDurationMs }),
  };
  if (!result.ok) return { kind: 'error', ...result.failure, ...meta };
  const validation = validateResult({
    eventType: context.eventType,
    event: context.event,
    result: result.result,
    limits: context.limits,
    ...(result.eventAfter === undefined ? {} : { eventAfter: result.eventAfter as AnyEvent }),
  });
  const { violations } = validation;
  const passThrough = context.validation === 'warn' && validation.value !== undefined;
  if (violations.length > 0 && !passThrough) {
    return { kind: 'error', ...validationFailure(violations), ...meta };
  }
  warnings.push(...violations);
  if (validation.kind === 'request' && validation.value) {
    return { kind: 'request', request: validation.value as ViewerRequest | OriginRequest, ...meta };
  }
  if (validation.kind === 'response' && validation.value) {
    return {
      kind: 'response',
      response: validation.value as ResultResponse | GeneratedResponse,
      generated: validation.generated,
      ...meta,
    };
  }
  return {
    kind: 'error',
    ...validationFailure([
      {
        rule: 'invalid-result',
        message:
          'The Lambda function returned an invalid result that is neither a request nor a response.',
        fix: 'Return the request (to forward it) or a response object with a status.',
      },
    ]),
    ...meta,
  };
}

/** The first violation leads; the message lists every one, as a developer wants to fix them all. */
function validationFailure(violations: Violation[]): Failure {
  const [first, ...rest] = violations as [Violation, ...Violation[]];
  const others = rest.map((v) => `[${v.rule}] ${v.message}`);
  return {
    errorType: 'LambdaValidationError',
    status: 502,
    rule: first.rule,
    message: others.length === 0 ? first.message : [first.message, ...others].join('\n'),
    fix: first.fix,
  };
}
