/**
 * Maps keyed by names from the wire (headers, cookies, query parameters) must treat
 * `__proto__` as an ordinary name: plain assignment would change the object's prototype
 * instead, and plain lookup would find inherited members.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

export function getOwn<T>(record: { readonly [key: string]: T }, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
