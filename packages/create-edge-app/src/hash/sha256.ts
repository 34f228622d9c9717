/**
 * SHA-256 in WebAssembly (sha256.wat), for the `.edge-app.json` record's file hashes.
 *
 * Not node:crypto because create needs nothing else from it, and loading it compiles 16 of
 * Node's internal modules: ~3 ms of a ~80 ms scaffold (measured side by side, 31 runs; the
 * scaffold benchmark's target is create-vite's time). A JavaScript SHA-256 was no answer:
 * cold, in V8's interpreter, it took 3-6 ms for the project's 12 kB of text. This module
 * compiles in well under a millisecond and hashes at native speed. test/sha256.test.ts checks
 * it against node:crypto.
 */
import { SHA256_WASM_BASE64 } from './sha256-wasm.ts';

/** FIPS 180-4, 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
/** FIPS 180-4, 5.3.3: the initial hash value. */
const INITIAL_STATE = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

// The memory layout sha256.wat expects.
const K_AT = 0;
const STATE_AT = 512;
const MESSAGE_AT = 1024;
const PAGE_BYTES = 65536;

// The workspace's lib is ES2023 without the DOM, where the WebAssembly API is declared; these
// are the parts used here, as Node.js provides them.
declare global {
  namespace WebAssembly {
    class Module {
      constructor(bytes: Uint8Array);
    }
    class Instance {
      constructor(module: Module);
      readonly exports: Record<string, unknown>;
    }
    interface Memory {
      readonly buffer: ArrayBuffer;
      grow(pages: number): number;
    }
  }
}

interface Sha256Module {
  memory: WebAssembly.Memory;
  blocks(from: number, to: number): void;
}

let loaded: Sha256Module | undefined;

function load(): Sha256Module {
  const module = new WebAssembly.Module(Buffer.from(SHA256_WASM_BASE64, 'base64'));
  const exports = new WebAssembly.Instance(module).exports as unknown as Sha256Module;
  const view = new DataView(exports.memory.buffer);
  writeWords(view, K_AT, K);
  return exports;
}

/** 32-bit words into WebAssembly's (little-endian) memory. */
function writeWords(view: DataView, at: number, words: readonly number[]): void {
  for (const [index, word] of words.entries()) view.setUint32(at + index * 4, word, true);
}

/** The sha256 of `input` (a string as UTF-8), as lower-case hex. */
export function sha256(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  loaded ??= load();
  const wasm = loaded;
  // The message, a 1 bit, zeros, and its length in bits as 64 bits: whole 64-byte blocks.
  const padded = Math.ceil((bytes.length + 9) / 64) * 64;
  const end = MESSAGE_AT + padded;
  const size = wasm.memory.buffer.byteLength;
  if (size < end) wasm.memory.grow(Math.ceil((end - size) / PAGE_BYTES));

  const memory = new Uint8Array(wasm.memory.buffer);
  memory.set(bytes, MESSAGE_AT);
  memory.fill(0, MESSAGE_AT + bytes.length, end);
  memory[MESSAGE_AT + bytes.length] = 0x80;
  const view = new DataView(wasm.memory.buffer);
  const bits = bytes.length * 8;
  view.setUint32(end - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(end - 4, bits >>> 0);
  writeWords(view, STATE_AT, INITIAL_STATE);

  wasm.blocks(MESSAGE_AT, end);
  let hex = '';
  for (let index = 0; index < 8; index++) {
    hex += view
      .getUint32(STATE_AT + index * 4, true)
      .toString(16)
      .padStart(8, '0');
  }
  return hex;
}
