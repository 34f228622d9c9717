/**
 * SIGINT and SIGTERM while a run asks, writes, installs or commits. The default action would
 * kill the process before it rolled back, so the listener turns the first signal into an
 * aborted signal instead: prompts stop, a running install is stopped (with its whole process
 * tree, steps/install.ts), and the phases check `throwIfCancelled` between steps, which
 * throws CliInterrupted once everything has been undone by the caller.
 */
import { CliInterrupted, type StopSignal } from '../errors.ts';

export interface CancelScope {
  readonly signal: AbortSignal;
  /** The signal that arrived, if one did. */
  readonly received: StopSignal | undefined;
  throwIfCancelled(): void;
  dispose(): void;
}

const SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];

export function listenForCancel(): CancelScope {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const listeners = SIGNALS.map((name) => {
    const listener = () => {
      received ??= name;
      controller.abort(new CliInterrupted(received));
    };
    process.on(name, listener);
    return [name, listener] as const;
  });
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    throwIfCancelled() {
      if (received) throw new CliInterrupted(received);
    },
    dispose() {
      for (const [name, listener] of listeners) process.off(name, listener);
    },
  };
}
