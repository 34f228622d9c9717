/** The errors of @edge-app/runtime: one base with a stable code, a hint and the cause. */

/** What went wrong: how the runtime was set up, the configuration, or a test assertion. */
export type RuntimeErrorCode = 'setup' | 'config' | 'assertion';

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
