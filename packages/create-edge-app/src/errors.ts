/**
 * The two ways a run ends early. Phases throw these; `main` (src/index.ts) is the one place
 * that prints them and turns them into an exit code. Anything else is a bug and gets a stack.
 */

/** A mistake the user can fix: what was wrong, and how to fix it. Exit code 1. */
export class CliUserError extends Error {
  override readonly name = 'CliUserError';
  constructor(
    message: string,
    /** What to do about it, one or two sentences. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Ctrl-C at a prompt or during the run. Cancellation is not a failure: exit code 0. */
export class CliCancelled extends Error {
  override readonly name = 'CliCancelled';
  constructor(message = 'Cancelled; nothing was written.') {
    super(message);
  }
}
