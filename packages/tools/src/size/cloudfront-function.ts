/**
 * Whether a viewer function is small and simple enough to be a CloudFront Function instead, a
 * cheaper option for viewer events (docs/cloudfront-rules.md#cloudfront-functions): at most 10 KB
 * of code, no network, no file system, no timers. Whether "10 KB" means 10,000 or 10,240 bytes is
 * unconfirmed, so the smaller reading is used.
 */
import { readFileSync } from 'node:fs';
import type { BuiltFunction } from '../build/types.ts';

export const CLOUDFRONT_FUNCTION_MAX_BYTES = 10_000;

// The `crypto` module exists in the cloudfront-js runtimes; `node:module` is the bundle's own
// require shim, not the handler's.
const AVAILABLE_MODULES = new Set(['crypto', 'node:crypto', 'module', 'node:module']);
const UNAVAILABLE_GLOBALS =
  /(?<![\w$.])(fetch|setTimeout|setInterval|setImmediate|XMLHttpRequest)\s*\(/;

export function cloudFrontFunctionCandidate(built: BuiltFunction): boolean {
  if (built.language !== 'node') return false;
  if (built.eventType !== 'viewer-request' && built.eventType !== 'viewer-response') return false;
  if (built.bundleBytes > CLOUDFRONT_FUNCTION_MAX_BYTES) return false;
  if (built.externalImports.some((path) => !AVAILABLE_MODULES.has(path))) return false;
  return !UNAVAILABLE_GLOBALS.test(readFileSync(built.entry, 'utf8'));
}
