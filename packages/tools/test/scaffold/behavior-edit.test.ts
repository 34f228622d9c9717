import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addBehavior, pathPatternProblem } from '../../src/scaffold/behavior-edit.ts';
import { addAssociation, listBehaviorPatterns } from '../../src/scaffold/config-edit.ts';
import { refusal } from './refusal.ts';
import { templateRoot } from './workspace-copy.ts';

function config(body: string): string {
  return `import { defineConfig } from '@edge-app/runtime';\n\nexport default defineConfig({\n${body}\n});\n`;
}

describe('addBehavior', () => {
  it("fills the template's empty `behaviors`, keeping every comment", () => {
    const template = readFileSync(join(templateRoot, 'edge.config.ts'), 'utf8');
    const edited = addBehavior(template, '/api/*');
    expect(edited).toBe(
      template.replace(
        'behaviors: [],',
        "behaviors: [{ pathPattern: '/api/*', origin: 'default' }],",
      ),
    );
    // An association follows on the new behavior, as `pnpm gen trigger` adds it.
    expect(
      addAssociation(edited, { eventType: 'viewer-request', name: 'auth', behavior: '/api/*' }),
    ).toContain(
      "behaviors: [{ pathPattern: '/api/*', origin: 'default', functions: { 'viewer-request': 'auth' } }],",
    );
  });

  it('appends to a multi-line array in its layout, after the owner’s comments', () => {
    const source = config(`  defaultBehavior: { origin: 'site' },
  behaviors: [
    // images first
    { pathPattern: '*.jpg', origin: 'site' },
    { pathPattern: '/static/*' } // no comma
  ],`);
    expect(addBehavior(source, '/api/*')).toBe(
      config(`  defaultBehavior: { origin: 'site' },
  behaviors: [
    // images first
    { pathPattern: '*.jpg', origin: 'site' },
    { pathPattern: '/static/*' }, // no comma
    { pathPattern: '/api/*', origin: 'site' },
  ],`),
    );
    const closedOnLastLine = config(`  behaviors: [
    { pathPattern: '/a/*' }],`);
    expect(addBehavior(closedOnLastLine, '/b/*')).toBe(
      config(`  behaviors: [
    { pathPattern: '/a/*' },
    { pathPattern: '/b/*' },
  ],`),
    );
  });

  it('puts a pattern before the first behavior that would catch all of its paths', () => {
    const source = config(`  defaultBehavior: {},
  behaviors: [
    { pathPattern: '/img/*' },
    { pathPattern: 'api/*' },
  ],`);
    const edited = addBehavior(source, '/api/admin/*');
    expect(edited).toContain(`  behaviors: [
    { pathPattern: '/img/*' },
    { pathPattern: '/api/admin/*' },
    { pathPattern: 'api/*' },
  ],`);
    expect(listBehaviorPatterns(edited)).toEqual(['/img/*', '/api/admin/*', 'api/*']);
    const oneLine = config(`  behaviors: [{ pathPattern: '*.png' }, { pathPattern: '/x/*' }],`);
    expect(addBehavior(oneLine, '/x/y/*')).toContain(
      `behaviors: [{ pathPattern: '*.png' }, { pathPattern: '/x/y/*' }, { pathPattern: '/x/*' }],`,
    );
  });

  it('adds `behaviors` when there is none, and fills an array holding only comments', () => {
    const none = config(`  defaultBehavior: { origin: 'default' },`);
    expect(addBehavior(none, '/a/*')).toContain(
      `  defaultBehavior: { origin: 'default' },\n  behaviors: [{ pathPattern: '/a/*', origin: 'default' }],`,
    );
    const commented = config(`  behaviors: [
    // none yet
  ],`);
    expect(addBehavior(commented, '/a/*')).toBe(
      config(`  behaviors: [
    // none yet
    { pathPattern: '/a/*' },
  ],`),
    );
  });

  it('refuses an existing pattern, a pattern CloudFront refuses, and what it cannot edit', () => {
    const source = config(`  behaviors: [{ pathPattern: '/api/*' }],`);
    expect(refusal(() => addBehavior(source, '/api/*')).message).toBe(
      'edge.config.ts already has a behavior with pathPattern "/api/*".',
    );
    expect(refusal(() => addBehavior(source, '/a b/*')).message).toContain(
      'CloudFront does not allow " " in a path pattern',
    );
    const shared = config(`  behaviors: common,`);
    expect(refusal(() => addBehavior(shared, '/a/*')).hint).toBe(
      "Add `{ pathPattern: '/a/*' },` to it by hand.",
    );
  });
});

describe('pathPatternProblem', () => {
  it('accepts what CloudFront accepts', () => {
    for (const pattern of ['/api/*', 'images/*.jpg', '/a?c/*', '/~user/$x/@:+&\'"-_.']) {
      expect(pathPatternProblem(pattern), pattern).toBeUndefined();
    }
  });

  it('refuses the rest, saying why', () => {
    expect(pathPatternProblem('')).toBe('it is empty');
    expect(pathPatternProblem('*')).toBe('"*" is the default behavior\'s pattern');
    expect(pathPatternProblem(`/${'a'.repeat(255)}`)).toBe('it is longer than 255 characters');
    expect(pathPatternProblem('/api/{id}')).toContain('CloudFront does not allow "{" "}"');
  });
});
