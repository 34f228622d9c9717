export function greeting(path: string): string {
  return `hello from ${path}`;
}
