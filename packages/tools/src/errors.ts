/**
 * The tools' errors. Every `edge` command lets these propagate to `main` (src/cli.ts), the one
 * place that prints the message and the fix and picks the exit code; anything else is a bug
 * and gets a stack trace.
 */

/** What went wrong, by the concern that found it; stable, so scripts can tell them apart. */
export type ToolsErrorCode =
  | 'usage'
  | 'config'
  | 'project'
  | 'scaffold'
  | 'build'
  | 'size'
  | 'dev'
  | 'deploy'
  | 'aws'
  | 'cancelled';

export interface ToolsErrorOptions {
  /** What to do about it, one or two sentences. */
  hint?: string | undefined;
  cause?: unknown;
  /** The exit code `edge` ends with (default 1). */
  exitCode?: number;
}

/** A failure the user can act on: what was wrong, and how to fix it. */
export class ToolsError extends Error {
  override readonly name: string = 'ToolsError';
  readonly hint: string | undefined;
  readonly exitCode: number;
  constructor(
    readonly code: ToolsErrorCode,
    message: string,
    { hint, cause, exitCode = 1 }: ToolsErrorOptions = {},
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.hint = hint;
    this.exitCode = exitCode;
  }
}

/** The user pressed Ctrl-C or declined a confirmation: not a failure. */
export class EdgeCancelled extends ToolsError {
  override readonly name = 'EdgeCancelled';
  constructor(message = 'Cancelled; nothing was changed.') {
    super('cancelled', message, { exitCode: 0 });
  }
}
