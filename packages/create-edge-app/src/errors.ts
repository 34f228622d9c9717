/**
 * The CLI's errors. Phases throw these; `main` (src/index.ts) is the one place that prints
 * them and turns them into an exit code. Anything else is a bug and gets a stack.
 */

/** What went wrong, by kind; stable, so that tests and scripts can tell them apart. */
export type CliErrorCode =
  | 'invalid-argument'
  | 'invalid-answer'
  | 'target-not-empty'
  | 'file-system'
  | 'template'
  | 'template-missing'
  | 'install-failed'
  | 'not-a-project'
  | 'invalid-record'
  | 'dirty-tree'
  | 'unresolved-conflicts'
  | 'merge-failed'
  | 'base-unavailable'
  | 'cancelled';

export interface CliErrorOptions {
  /** What to do about it, one or two sentences. */
  hint?: string | undefined;
  cause?: unknown;
}

/** A failure the user can act on: what was wrong, and how to fix it. Exit code 1. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  readonly hint: string | undefined;
  constructor(
    readonly code: CliErrorCode,
    message: string,
    { hint, cause }: CliErrorOptions = {},
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.hint = hint;
  }
}

/** Ctrl-C at a prompt, or a declined confirmation: not a failure. */
export class CliCancelled extends CliError {
  override readonly name = 'CliCancelled';
  constructor(message = 'Cancelled; nothing was written.') {
    super('cancelled', message);
  }
}
