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
  | 'cancelled'
  | 'interrupted';

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

/** The signals that end a run; each ends it with the shell's exit code for it, 128 + its number. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

export const STOP_SIGNAL_EXIT_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * SIGINT or SIGTERM ended the run (outside a prompt, where Ctrl-C is a keypress and cancels).
 * Everything the run wrote was rolled back before this is thrown; exit code 130 or 143.
 */
export class CliInterrupted extends CliError {
  override readonly name = 'CliInterrupted';
  constructor(readonly signal: StopSignal) {
    super('interrupted', `Stopped by ${signal}; nothing was written.`);
  }

  get exitCode(): number {
    return STOP_SIGNAL_EXIT_CODES[this.signal];
  }
}
