import { EVENT_TYPES } from '@edge-app/events';
import { describe, expect, it } from 'vitest';
import { ToolsError } from '../../src/errors.ts';
import {
  type Association,
  addAssociation,
  addAssociations,
  listBehaviorPatterns,
} from '../../src/scaffold/config-edit.ts';
import { refusal } from './refusal.ts';

function config(body: string): string {
  return `import { defineConfig } from '@edge-app/runtime';\n\nexport default defineConfig({\n${body}\n});\n`;
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

  it("keeps the owner's comments in a functions object that has no association yet", () => {
    const commented = config(`  defaultBehavior: {
    functions: {
      // put functions here
    },
  },`);
    expect(addAssociation(commented, { eventType: 'origin-request', name: 'o' })).toBe(
      config(`  defaultBehavior: {
    functions: {
      // put functions here
      'origin-request': 'o',
    },
  },`),
    );
    const oneLine = config(`  defaultBehavior: { functions: { /* none yet */ } },`);
    expect(addAssociation(oneLine, { eventType: 'origin-request', name: 'o' })).toContain(
      `functions: { /* none yet */ 'origin-request': 'o' }`,
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
      const error = refusal(() =>
        addAssociation(source, { eventType: 'viewer-request', name: 'second' }),
      );
      expect(error.message).toBe(
        'The default behavior already has a viewer-request function ("first"); CloudFront allows one function per event type on a cache behavior.',
      );
    }
  });

  it('refuses what it cannot edit safely, saying what to add by hand', () => {
    const spread = config(`  defaultBehavior: { functions: shared },`);
    expect(
      refusal(() => addAssociation(spread, { eventType: 'viewer-request', name: 'a' })).hint,
    ).toBe("Add `'viewer-request': 'a',` to it by hand.");
    expect(
      refusal(() =>
        addAssociation(config(`  origins: {},`), { eventType: 'viewer-request', name: 'a' }),
      ).message,
    ).toContain('no `defaultBehavior: { ... }`');
    expect(
      refusal(() =>
        addAssociation('export const x = 1;\n', { eventType: 'viewer-request', name: 'a' }),
      ).message,
    ).toBe('Cannot find the configuration object in edge.config.ts.');
  });
});

/** The edited text, or the refusal's message and hint: what two ways of editing must agree on. */
function outcome(edit: () => string): { text: string } | { message: string; hint?: string } {
  try {
    return { text: edit() };
  } catch (error) {
    expect(error).toBeInstanceOf(ToolsError);
    const { message, hint } = error as ToolsError;
    return { message, hint };
  }
}

function oneAtATime(source: string, associations: readonly Association[]): string {
  return associations.reduce((edited, association) => addAssociation(edited, association), source);
}

/** Every ordered choice of 1 to 4 distinct event types, each function named after its place. */
function distinctLists(behavior?: string): Association[][] {
  const lists: Association[][] = [];
  const extend = (list: Association[]) => {
    if (list.length > 0) lists.push(list);
    if (list.length === 4) return;
    for (const eventType of EVENT_TYPES) {
      if (list.some((a) => a.eventType === eventType)) continue;
      extend([...list, { eventType, name: `fn${list.length + 1}`, behavior }]);
    }
  };
  extend([]);
  return lists;
}

const EQUIVALENCE_CONFIGS: Record<string, string> = {
  'marker, nothing under it': config(`  defaultBehavior: {
    origin: 'site',
    functions: {
      // edge:functions
    },
  },`),
  'marker with associations under it': config(`  defaultBehavior: {
    functions: {
      // edge:functions
      'viewer-request': 'auth',
    },
  },`),
  'marker above associations': config(`  defaultBehavior: {
    functions: {
      // edge:functions
      'origin-response': { function: 'log', includeBody: false }
    },
  },`),
  'marker on the line of the opening brace': config(`  defaultBehavior: {
    functions: { // edge:functions
    },
  },`),
  'one-line functions': config(`  defaultBehavior: { functions: { 'viewer-response': 'h', } },`),
  'empty functions': config(`  defaultBehavior: { origin: 'site', functions: {} },`),
  'empty multi-line functions without marker': config(`  defaultBehavior: {
    functions: {
    },
  },`),
  'behavior without functions': config(`  defaultBehavior: {
    origin: 'site'
  },`),
  'one-line behavior without functions': config(`  defaultBehavior: { origin: 'site' },`),
  'multi-line object without marker': config(`  defaultBehavior: {
    functions: {
      'origin-request': 'o', /* kept */
      'viewer-response': 'v' },
  },`),
  'marker in a block comment on the closing line': config(`  defaultBehavior: {
    functions: {
      'origin-request': 'o' /* // edge:functions */ },
  },`),
  'not an object literal': config(`  defaultBehavior: { functions: shared },`),
};

const WITH_BEHAVIORS = config(`  defaultBehavior: {
    functions: {
      // edge:functions
    },
  },
  behaviors: [
    { pathPattern: '/img/*', origin: 'site' },
    {
      pathPattern: '/api/*',
      functions: { 'viewer-request': 'api-auth' },
    },
  ],`);

describe('addAssociations', () => {
  for (const [name, source] of Object.entries(EQUIVALENCE_CONFIGS)) {
    it(`gives what one at a time gives: ${name}`, () => {
      for (const list of distinctLists()) {
        expect(outcome(() => addAssociations(source, list))).toEqual(
          outcome(() => oneAtATime(source, list)),
        );
      }
    });
  }

  it('gives what one at a time gives on behaviors found by pathPattern, alone or mixed', () => {
    const lists = [
      ...distinctLists('/img/*'),
      ...distinctLists('/api/*'),
      ...distinctLists('/nope/*').slice(0, 4),
      // Mixed behaviors and repeated event types go one at a time.
      ...distinctLists().map((list) =>
        list.map((a, i) => ({ ...a, behavior: i % 2 === 1 ? '/img/*' : undefined })),
      ),
      ...distinctLists().map((list) => [...list, { ...list[0]!, name: 'again' }]),
    ];
    for (const list of lists) {
      expect(outcome(() => addAssociations(WITH_BEHAVIORS, list))).toEqual(
        outcome(() => oneAtATime(WITH_BEHAVIORS, list)),
      );
    }
  });

  it('puts them all under the marker, or into one new `functions`, in the order given', () => {
    const list: Association[] = [
      { eventType: 'viewer-request', name: 'a' },
      { eventType: 'origin-response', name: 'b' },
      { eventType: 'viewer-response', name: 'c' },
    ];
    expect(addAssociations(EQUIVALENCE_CONFIGS['marker, nothing under it']!, list)).toBe(
      config(`  defaultBehavior: {
    origin: 'site',
    functions: {
      // edge:functions
      'viewer-request': 'a',
      'origin-response': 'b',
      'viewer-response': 'c',
    },
  },`),
    );
    expect(addAssociations(EQUIVALENCE_CONFIGS['behavior without functions']!, list)).toBe(
      config(`  defaultBehavior: {
    origin: 'site',
    functions: { 'viewer-request': 'a', 'origin-response': 'b', 'viewer-response': 'c' },
  },`),
    );
    expect(addAssociations(EQUIVALENCE_CONFIGS['empty functions']!, list)).toContain(
      `functions: { 'viewer-request': 'a', 'origin-response': 'b', 'viewer-response': 'c' }`,
    );
  });

  it('appends inside the object when the marker is in a block comment on its closing line', () => {
    const source = EQUIVALENCE_CONFIGS['marker in a block comment on the closing line']!;
    expect(addAssociation(source, { eventType: 'viewer-request', name: 'a' })).toBe(
      config(`  defaultBehavior: {
    functions: {
      'origin-request': 'o',
      'viewer-request': 'a',
    },
  },`),
    );
  });

  it('leaves the source as it is for no associations', () => {
    expect(addAssociations(WITH_BEHAVIORS, [])).toBe(WITH_BEHAVIORS);
  });

  it('refuses a clash with an association already there, as one at a time does', () => {
    const source = EQUIVALENCE_CONFIGS['marker with associations under it']!;
    const list: Association[] = [
      { eventType: 'origin-request', name: 'o' },
      { eventType: 'viewer-request', name: 'second' },
      { eventType: 'origin-response', name: 'r' },
    ];
    const batched = outcome(() => addAssociations(source, list));
    expect(batched).toEqual({
      message:
        'The default behavior already has a viewer-request function ("auth"); CloudFront allows one function per event type on a cache behavior.',
      hint: 'Extend that function, pick another event type, or attach the new one to another behavior (pass its pathPattern).',
    });
    expect(batched).toEqual(outcome(() => oneAtATime(source, list)));
  });

  it('refuses an event type given twice, as one at a time does', () => {
    const source = EQUIVALENCE_CONFIGS['one-line functions']!;
    const list: Association[] = [
      { eventType: 'origin-request', name: 'first' },
      { eventType: 'viewer-request', name: 'v' },
      { eventType: 'origin-request', name: 'second' },
    ];
    const batched = outcome(() => addAssociations(source, list));
    expect(batched).toMatchObject({
      message: expect.stringContaining('already has a origin-request function ("first")'),
    });
    expect(batched).toEqual(outcome(() => oneAtATime(source, list)));
  });
});
