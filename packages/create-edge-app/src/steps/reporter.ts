/** Progress lines on stderr-free stdout: plain text, readable in a log as in a terminal. */
import type { Writable } from 'node:stream';

export interface Reporter {
  step(message: string): void;
  warn(message: string): void;
  info(message: string): void;
}

export function createReporter(out: Writable): Reporter {
  return {
    step: (message) => out.write(`◇ ${message}\n`),
    warn: (message) => out.write(`▲ ${message}\n`),
    info: (message) => out.write(`${message}\n`),
  };
}
