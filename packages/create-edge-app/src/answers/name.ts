/**
 * npm package-name rules, applied to the project name (the root package.json `name`).
 * Rules as npm's validate-npm-package-name states them for new packages: at most 214
 * characters, lower case, URL-safe, not starting with "." or "_", no ~'!()*, no surrounding
 * spaces, not a Node.js built-in module name, and not "node_modules" or "favicon.ico".
 */
import { builtinModules } from 'node:module';

export type NameCheck = { valid: true } | { valid: false; problems: string[]; suggestion: string };

const MAX_LENGTH = 214;
const RESERVED = new Set(['node_modules', 'favicon.ico']);
const FALLBACK_NAME = 'edge-app';

export function checkProjectName(name: string): NameCheck {
  const problems = nameProblems(name);
  if (problems.length === 0) return { valid: true };
  return { valid: false, problems, suggestion: suggestProjectName(name) };
}

function nameProblems(name: string): string[] {
  if (name.length === 0) return ['it is empty'];
  const problems: string[] = [];
  if (name.trim() !== name) problems.push('it starts or ends with a space');
  if (name.length > MAX_LENGTH) problems.push(`it is longer than ${MAX_LENGTH} characters`);
  if (/^[._]/.test(name)) problems.push('it starts with "." or "_"');
  if (name !== name.toLowerCase()) problems.push('it has upper-case letters');
  if (/[~'!()*]/.test(name)) problems.push("it has one of the characters ~'!()*");
  const [scope, bare] = splitScope(name);
  const urlSafe = (part: string) => encodeURIComponent(part) === part;
  if (!urlSafe(bare) || (scope !== undefined && !urlSafe(scope))) {
    problems.push('it has characters that are not URL-safe (spaces, slashes, ...)');
  }
  if (scope !== undefined && (scope.length === 0 || bare.length === 0)) {
    problems.push('a scoped name needs both parts: @scope/name');
  }
  if (RESERVED.has(name)) problems.push(`"${name}" is reserved`);
  if (builtinModules.includes(name)) problems.push(`"${name}" is a Node.js built-in module`);
  return problems;
}

function splitScope(name: string): [string | undefined, string] {
  const match = /^@([^/]*)\/(.*)$/.exec(name);
  return match ? [match[1], match[2] ?? ''] : [undefined, name];
}

/** The nearest valid name: "My App!" → "my-app". */
export function suggestProjectName(name: string): string {
  const [scope, bare] = splitScope(name.trim());
  const clean = (part: string) =>
    part
      .toLowerCase()
      .replace(/[^a-z0-9-._~]+/g, '-')
      .replace(/~/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-._]+|[-.]+$/g, '');
  let suggestion = clean(bare).slice(0, MAX_LENGTH) || FALLBACK_NAME;
  if (builtinModules.includes(suggestion) || RESERVED.has(suggestion)) suggestion += '-app';
  const cleanScope = scope === undefined ? '' : clean(scope);
  return cleanScope ? `@${cleanScope}/${suggestion}` : suggestion;
}
