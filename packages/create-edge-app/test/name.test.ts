import { describe, expect, it } from 'vitest';
import { checkProjectName, suggestProjectName } from '../src/answers/name.ts';

describe('checkProjectName', () => {
  it.each(['my-app', 'edge.app', 'app_2', '@acme/edge-app', 'a'])('accepts %s', (name) => {
    expect(checkProjectName(name)).toEqual({ valid: true });
  });

  it.each([
    ['My App', ['it has upper-case letters', 'it has characters that are not URL-safe'], 'my-app'],
    ['.hidden', ['it starts with "." or "_"'], 'hidden'],
    ['_private', ['it starts with "." or "_"'], 'private'],
    ['wow!', ["it has one of the characters ~'!()*"], 'wow'],
    ['http', ['"http" is a Node.js built-in module'], 'http-app'],
    ['node_modules', ['"node_modules" is reserved'], 'node_modules-app'],
    ['', ['it is empty'], 'edge-app'],
    ['x'.repeat(215), ['it is longer than 214 characters'], 'x'.repeat(214)],
  ])('rejects %j naming the problem and suggesting a valid name', (name, problems, suggestion) => {
    const check = checkProjectName(name);
    expect(check.valid).toBe(false);
    if (check.valid) return;
    for (const problem of problems) {
      expect(check.problems.some((p) => p.startsWith(problem))).toBe(true);
    }
    expect(check.suggestion).toBe(suggestion);
    expect(checkProjectName(check.suggestion)).toEqual({ valid: true });
  });

  it('suggests names that are themselves valid for messy input', () => {
    for (const messy of ['  Hello   World  ', '@My Org/My App', 'ÜBER app', '--a--', '~~~']) {
      const suggestion = suggestProjectName(messy);
      expect(checkProjectName(suggestion), `${messy} → ${suggestion}`).toEqual({ valid: true });
    }
    expect(suggestProjectName('@My Org/My App')).toBe('@my-org/my-app');
  });
});
