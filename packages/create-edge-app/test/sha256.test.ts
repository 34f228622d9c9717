/**
 * The WebAssembly SHA-256 (src/hash/) against node:crypto, and the committed module against
 * its source: an edit to sha256.wat without re-running scripts/assemble-wasm.mjs fails here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembledModule } from '../scripts/assemble-wasm.mjs';
import { sha256 } from '../src/hash/sha256.ts';

const reference = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

describe('sha256', () => {
  it('gives the FIPS 180-4 example digests', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches node:crypto for every length up to four blocks and across block boundaries', () => {
    for (let length = 0; length <= 260; length++) {
      const bytes = randomBytes(length);
      expect(sha256(bytes), `length ${length}`).toBe(reference(bytes));
    }
  });

  it('matches node:crypto for UTF-8 text, Buffers and views into larger buffers', () => {
    const text = 'edge.config.ts: ünïcødé, 日本語, emoji 🚀\n'.repeat(40);
    expect(sha256(text)).toBe(reference(text));
    expect(sha256(Buffer.from(text))).toBe(reference(text));
    const backing = randomBytes(300);
    const view = backing.subarray(17, 211);
    expect(sha256(view)).toBe(reference(view));
  });

  it('grows its memory for large inputs and still agrees afterwards with small ones', () => {
    const large = randomBytes(3 * 1024 * 1024 + 5);
    expect(sha256(large)).toBe(reference(large));
    expect(sha256('abc')).toBe(reference('abc'));
  });

  it('ships the module that sha256.wat assembles to', async () => {
    const committed = readFileSync(new URL('../src/hash/sha256-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(await assembledModule());
  });
});
