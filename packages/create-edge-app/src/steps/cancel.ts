/**
 * Ctrl-C outside a prompt. While a run writes or installs, SIGINT must not kill the process
 * before it has rolled back, so the listener turns it into an aborted signal that the phases
 * check (and that execa uses to stop a running install).
 */
import { CliCancelled } from '../errors.ts';

export interface CancelScope {
  readonly signal: AbortSignal;
  throwIfCancelled(): void;
  dispose(): void;
}

export function listenForCancel(): CancelScope {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    throwIfCancelled() {
      if (controller.signal.aborted) throw new CliCancelled();
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
