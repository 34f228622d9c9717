/**
 * Function names. A function's name is three things at once: its directory under `packages/`,
 * its npm package name, and the suffix of its Lambda function name. So it has to satisfy npm's
 * package-name rules (lower case, URL-safe, no scope because it is a plain directory) and
 * Lambda's (letters, digits, hyphens and underscores, at most 64 characters including the
 * stage prefix; AWS Lambda API reference, CreateFunction `FunctionName`).
 */
import { ToolsError } from '../errors.ts';

/** Leaves room for a `<project>-<stage>-` prefix inside Lambda's 64 characters. */
export const MAX_FUNCTION_NAME_LENGTH = 40;

/** Directories every generated workspace already has; a function may not take their place. */
const RESERVED = new Set(['events', 'runtime', 'tools', 'node_modules', 'favicon.ico']);

/** The closest valid name, for the hint: "My Auth!" becomes "my-auth". */
export function suggestFunctionName(input: string): string {
  const slug = input
    .trim()
    .replace(/^@[^/]*\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, MAX_FUNCTION_NAME_LENGTH)
    .replace(/[-_]+$/, '');
  if (!slug) return 'my-function';
  return RESERVED.has(slug) ? `${slug}-fn` : slug;
}

/** Why `name` cannot be a function name, or undefined when it can. */
export function functionNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.includes('/') || name.includes('\\'))
    return 'it contains a slash (function packages are plain directories under packages/, not scoped packages)';
  if (name.length > MAX_FUNCTION_NAME_LENGTH)
    return `it is ${name.length} characters long; the limit is ${MAX_FUNCTION_NAME_LENGTH} so that the deployed Lambda name (with its prefix) stays within 64`;
  if (name !== name.toLowerCase())
    return 'it has upper-case letters (npm package names are lower case)';
  if (/^[._]/.test(name)) return 'it starts with "." or "_" (npm does not allow that)';
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name))
    return 'it has characters other than a-z, 0-9, "-" and "_" (allowed in both npm and Lambda function names)';
  if (RESERVED.has(name)) return `packages/${name} is one of the workspace's own packages`;
  return undefined;
}

export function assertValidFunctionName(name: string): void {
  const problem = functionNameProblem(name);
  if (problem) {
    throw new ToolsError('scaffold', `"${name}" is not a valid function name: ${problem}.`, {
      hint: `Use lower-case letters, digits, "-" and "_", e.g. "${suggestFunctionName(name)}".`,
    });
  }
}
