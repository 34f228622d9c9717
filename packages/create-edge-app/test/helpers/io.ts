/** A MainIO that records what the CLI prints. */
import { Writable } from 'node:stream';
import type { MainIO } from '../../src/index.ts';

export interface RecordedIO extends MainIO {
  out(): string;
  err(): string;
}

function recorder(): [Writable, () => string] {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return [stream, () => text];
}

export function recordedIO(cwd: string, stdinIsTTY = false): RecordedIO {
  const [stdout, out] = recorder();
  const [stderr, err] = recorder();
  return { stdout, stderr, stdinIsTTY, cwd, env: process.env, out, err };
}
