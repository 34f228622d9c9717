/**
 * The validation contract: what `validateResult` takes and returns. Every violation is a
 * CloudFront 502 `LambdaValidationError`; the invoke layer maps them to outcomes.
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

export interface Violation {
  /** Stable id, e.g. `read-only-header`; one of `VALIDATION_RULES`. */
  rule: string;
  /** CloudFront's wording where known, then what exactly was wrong and where. */
  message: string;
  /** What the developer should change. */
  fix: string;
}

export interface ValidationInput {
  eventType: EventType;
  /**
   * The event as CloudFront sent it. It must not be an object the handler could have mutated:
   * read-only rules compare the result against it.
   */
  event: AnyEvent;
  /** What the function returned. */
  result: unknown;
  limits: EventLimits;
  /**
   * Optional: the event object as the handler left it. Response events return only the
   * response, so changes a handler made to the read-only request are visible only here.
   */
  eventAfter?: AnyEvent;
}

export interface ValidationResult {
  kind: 'request' | 'response' | 'invalid';
  /** A request function returned a response. */
  generated: boolean;
  /** Normalized: missing header keys title-cased, numeric status turned into a string, etc. */
  value?: ViewerRequest | OriginRequest | ResultResponse | GeneratedResponse;
  /** Empty means CloudFront accepts the result. */
  violations: Violation[];
}
