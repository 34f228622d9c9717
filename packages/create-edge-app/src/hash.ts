import { createHash } from 'node:crypto';

/** sha256 hex of `input` (a string as UTF-8): the record's per-file hashes. */
export function sha256(input: Uint8Array | string): string {
  return createHash('sha256').update(input).digest('hex');
}
