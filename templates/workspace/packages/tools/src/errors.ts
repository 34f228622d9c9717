/**
 * Errors a user can act on. Every `edge` command lets these propagate to `main`, which prints
 * the message and the fix and exits non-zero; anything else is a bug and gets a stack trace.
 */
export class EdgeUserError extends Error {
  override readonly name = 'EdgeUserError';
  constructor(
    message: string,
    /** What to do about it, one or two sentences. */
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The user pressed Ctrl-C or declined a confirmation: not a failure. */
export class EdgeCancelled extends Error {
  override readonly name = 'EdgeCancelled';
}
