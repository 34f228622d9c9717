/** The errors of @edge-app/runtime: one base with a stable code, a hint and the cause. */

/**
 * What went wrong: how the runtime was set up, the configuration, a test assertion, or a
 * container that ended before it was given its invocation (the runtime runs that invocation in
 * another container).
 */
export type RuntimeErrorCode = 'setup' | 'config' | 'assertion' | 'container-ended';

export class EdgeRuntimeError extends Error {
  override readonly name: string = 'EdgeRuntimeError';
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    /** What to do about it, one or two sentences. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
