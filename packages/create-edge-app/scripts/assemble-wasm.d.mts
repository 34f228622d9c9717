/** The TypeScript module holding the assembled bytes of `src/hash/sha256.wat`. */
export function assembledModule(): Promise<string>;
