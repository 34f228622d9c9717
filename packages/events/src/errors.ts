/** The errors of @edge-app/events: one base with a stable code, a hint and the cause. */

export type EventsErrorCode = 'invalid-event';

export class EventsError extends Error {
  override readonly name: string = 'EventsError';
  constructor(
    readonly code: EventsErrorCode,
    message: string,
    /** What to do about it. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Event JSON that does not have the shape CloudFront sends. */
export class InvalidEventError extends EventsError {
  override readonly name = 'InvalidEventError';
  constructor(
    /** Where in the event, e.g. `Records[0].cf.request.uri`. */
    readonly path: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super('invalid-event', `${path} ${problem}. ${fix}`, fix);
  }
}
