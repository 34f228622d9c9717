import { describe, expect, it } from 'vitest';
import { EdgeUserError } from '../../src/errors.ts';
import { addAssociation, listBehaviorPatterns } from '../../src/scaffold/config-edit.ts';

function config(body: string): string {
  return `import { defineConfig } from '@edge-app/runtime';\n\nexport default defineConfig({\n${body}\n});\n`;
}

function refusal(source: string, association: Parameters<typeof addAssociation>[1]): EdgeUserError {
  try {
    addAssociation(source, association);
  } catch (error) {
    expect(error).toBeInstanceOf(EdgeUserError);
    return error as EdgeUserError;
  }
  throw new Error('expected a refusal');
}

describe('addAssociation', () => {
  it('inserts right after the marker, with its indentation, keeping comments', () => {
    const source = config(`  defaultBehavior: {
    functions: {
      // edge:functions (added here)
    },
  },`);
    expect(addAssociation(source, { eventType: 'viewer-request', name: 'auth' })).toBe(
      config(`  defaultBehavior: {
    functions: {
      // edge:functions (added here)
      'viewer-request': 'auth',
    },
  },`),
    );
  });

  it('appends below associations already under the marker, in the order added', () => {
    let source = config(`  defaultBehavior: {
    functions: {
      // edge:functions
    },
  },`);
    source = addAssociation(source, { eventType: 'viewer-request', name: 'a' });
    source = addAssociation(source, { eventType: 'origin-response', name: 'b' });
    expect(source).toContain(`      // edge:functions
      'viewer-request': 'a',
      'origin-response': 'b',
    },`);
  });

  it('keeps one-line objects on one line and adds a missing comma', () => {
    const source = config(`  defaultBehavior: { functions: { 'viewer-request': 'a' } },`);
    expect(addAssociation(source, { eventType: 'viewer-response', name: 'b' })).toContain(
      `functions: { 'viewer-request': 'a', 'viewer-response': 'b' }`,
    );
  });

  it('fills an empty object and adds `functions` to a behavior without one', () => {
    const empty = config(`  defaultBehavior: { functions: {} },`);
    expect(addAssociation(empty, { eventType: 'origin-request', name: 'o' })).toContain(
      `functions: { 'origin-request': 'o' }`,
    );
    const none = config(`  defaultBehavior: {\n    origin: 'default',\n  },`);
    expect(addAssociation(none, { eventType: 'origin-request', name: 'o' })).toContain(
      `    origin: 'default',\n    functions: { 'origin-request': 'o' },\n  },`,
    );
  });

  it('is not fooled by braces, keys and markers inside strings and comments', () => {
    const source = config(`  // defaultBehavior: { functions: { 'viewer-request': 'old' } },
  origins: { default: { url: 'https://example.com/{id}/functions: {' } },
  defaultBehavior: {
    /* functions: { 'viewer-request': 'x' } */
    origin: 'default', note: '// edge:functions',
    "functions": {
      // edge:functions
    },
  },`);
    const result = addAssociation(source, { eventType: 'viewer-request', name: 'auth' });
    expect(result).toContain(`      // edge:functions\n      'viewer-request': 'auth',\n`);
    expect(result.match(/'viewer-request': 'auth'/g)).toHaveLength(1);
  });

  it('finds behaviors by pathPattern in any quote style, skipping commented ones', () => {
    const source = config(`  defaultBehavior: {},
  behaviors: [
    // { pathPattern: '/api/*', functions: {} },
    { pathPattern: "/img/*" },
    { pathPattern: \`/api/*\`, functions: {} },
  ],`);
    expect(listBehaviorPatterns(source)).toEqual(['/img/*', '/api/*']);
    const result = addAssociation(source, {
      eventType: 'viewer-request',
      name: 'a',
      behavior: '/api/*',
    });
    expect(result).toContain("{ pathPattern: `/api/*`, functions: { 'viewer-request': 'a' } }");
    expect(result).toContain("// { pathPattern: '/api/*', functions: {} },");
  });

  it('refuses a second function for an event type, in either association form', () => {
    for (const existing of [
      `'viewer-request': 'first'`,
      `"viewer-request": { function: 'first', includeBody: true }`,
    ]) {
      const source = config(`  defaultBehavior: { functions: { ${existing} } },`);
      const error = refusal(source, { eventType: 'viewer-request', name: 'second' });
      expect(error.message).toBe(
        'The default behavior already has a viewer-request function ("first"); CloudFront allows one function per event type on a cache behavior.',
      );
    }
  });

  it('refuses what it cannot edit safely, saying what to add by hand', () => {
    const spread = config(`  defaultBehavior: { functions: shared },`);
    expect(refusal(spread, { eventType: 'viewer-request', name: 'a' }).hint).toBe(
      "Add `'viewer-request': 'a',` to it by hand.",
    );
    expect(
      refusal(config(`  origins: {},`), { eventType: 'viewer-request', name: 'a' }).message,
    ).toContain('no `defaultBehavior: { ... }`');
    expect(
      refusal('export const x = 1;\n', { eventType: 'viewer-request', name: 'a' }).message,
    ).toBe('Cannot find the configuration object in edge.config.ts.');
  });
});
