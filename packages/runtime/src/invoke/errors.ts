import { EdgeRuntimeError } from '../errors.ts';

/**
 * A problem with how the runtime was asked to run something (a missing file, no Python), as
 * opposed to a function failure, which is an outcome. Callers such as the `edge` command turn
 * it into their user-facing error: `message` says what is wrong, `hint` how to fix it.
 */
export class RuntimeSetupError extends EdgeRuntimeError {
  override readonly name = 'RuntimeSetupError';
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super('setup', message, hint, options);
  }
}
