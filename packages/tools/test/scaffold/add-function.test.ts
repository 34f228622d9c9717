import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ToolsError } from '../../src/errors.ts';
import { loadProject } from '../../src/project.ts';
import { addFunction } from '../../src/scaffold/add-function.ts';
import { installedStarterSource } from '../../src/scaffold/starters.ts';
import { copyTemplateWorkspace, removeCopies, tree } from './workspace-copy.ts';

afterEach(removeCopies);

type AddOptions = Parameters<typeof addFunction>[0];

/** addFunction with a blank TypeScript viewer-request starter unless `options` say otherwise. */
function add(root: string, options: Partial<AddOptions> = {}) {
  return addFunction({
    root,
    name: 'fn',
    eventType: 'viewer-request',
    starter: 'blank',
    language: 'ts',
    ...options,
  });
}

/** Replaces the template config's empty `behaviors: [],` with `behaviors`. */
function setBehaviors(root: string, behaviors: string): void {
  const configPath = join(root, 'edge.config.ts');
  writeFileSync(
    configPath,
    readFileSync(configPath, 'utf8').replace('behaviors: [],', `behaviors: ${behaviors},`),
  );
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Runs `action`, expects an ToolsError, and returns it; also proves nothing was written. */
async function refusal(root: string, action: () => Promise<unknown>): Promise<ToolsError> {
  const before = tree(root);
  const config = readFileSync(join(root, 'edge.config.ts'), 'utf8');
  const error = await action().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolsError);
  expect(tree(root)).toEqual(before);
  expect(readFileSync(join(root, 'edge.config.ts'), 'utf8')).toBe(config);
  return error as ToolsError;
}

describe('addFunction', () => {
  it('copies the starter, names the package and associates it with the default behavior', async () => {
    const root = copyTemplateWorkspace();

    const { files } = await add(root, { name: 'auth' });

    expect(files).toEqual([
      'packages/auth/package.json',
      'packages/auth/src/index.test.ts',
      'packages/auth/src/index.ts',
      'edge.config.ts',
    ]);
    const manifest = readJson(join(root, 'packages/auth/package.json'));
    expect(manifest.name).toBe('auth');
    expect(Object.keys(manifest)[0]).toBe('name');
    expect(manifest.edge).toEqual({ eventType: 'viewer-request', language: 'node' });
    const config = readFileSync(join(root, 'edge.config.ts'), 'utf8');
    expect(config).toMatch(/\/\/ edge:functions[^\n]*\n {6}'viewer-request': 'auth',\n/);

    const project = await loadProject(root);
    expect(project.config.defaultBehavior.functions).toEqual({ 'viewer-request': 'auth' });
    expect(project.functions.map((f) => [f.name, f.eventType])).toEqual([
      ['auth', 'viewer-request'],
    ]);
  });

  it('adds one function per event type to the same behavior, each after the marker', async () => {
    const root = copyTemplateWorkspace();
    for (const eventType of ['viewer-request', 'origin-response', 'viewer-response'] as const) {
      await add(root, { name: `fn-${eventType}`, eventType });
    }
    const project = await loadProject(root);
    expect(project.config.defaultBehavior.functions).toEqual({
      'viewer-request': 'fn-viewer-request',
      'origin-response': 'fn-origin-response',
      'viewer-response': 'fn-viewer-response',
    });
  });

  it('associates with the behavior whose pathPattern is given, adding `functions` if absent', async () => {
    const root = copyTemplateWorkspace();
    setBehaviors(
      root,
      `[
    // pathPattern: '/api/*' in a comment must not be taken for the behavior
    { pathPattern: '/static/*', origin: 'default', functions: { 'viewer-request': 'x' } },
    {
      pathPattern: '/api/*',
      origin: 'default',
    },
  ]`,
    );

    await add(root, { name: 'api-origin', eventType: 'origin-request', behavior: '/api/*' });
    await add(root, { name: 'static-vres', eventType: 'viewer-response', behavior: '/static/*' });

    const { config: loaded } = await loadProject(root);
    expect(loaded.behaviors).toEqual([
      {
        pathPattern: '/static/*',
        origin: 'default',
        functions: { 'viewer-request': 'x', 'viewer-response': 'static-vres' },
      },
      { pathPattern: '/api/*', origin: 'default', functions: { 'origin-request': 'api-origin' } },
    ]);
    expect(loaded.defaultBehavior.functions).toEqual({});
  });

  it('refuses a name that is taken, leaving everything as it was', async () => {
    const root = copyTemplateWorkspace();
    await add(root, { name: 'auth' });
    const error = await refusal(root, () =>
      add(root, { name: 'auth', eventType: 'origin-request' }),
    );
    expect(error.message).toBe('packages/auth already exists.');
    const reserved = await refusal(root, () =>
      add(root, { name: 'runtime', eventType: 'origin-request' }),
    );
    expect(reserved.message).toContain("one of the workspace's own packages");
    expect(reserved.hint).toContain('"runtime-fn"');
  });

  it.each([
    ['My-Auth', 'upper-case', 'my-auth'],
    ['@me/auth', 'slash', 'auth'],
    ['.hidden', 'starts with', 'hidden'],
    ['auth fn', 'characters other than', 'auth-fn'],
    ['', 'empty', 'my-function'],
    ['a'.repeat(41), '41 characters', 'a'.repeat(40)],
  ])('refuses the invalid name %j (%s) and suggests %j', async (name, problem, suggestion) => {
    const root = copyTemplateWorkspace();
    const error = await refusal(root, () => add(root, { name }));
    expect(error.message).toContain(problem);
    expect(error.hint).toContain(`"${suggestion}"`);
  });

  it('refuses a second function for the same event type on the same behavior', async () => {
    const root = copyTemplateWorkspace();
    await add(root, { name: 'first' });
    const error = await refusal(root, () => add(root, { name: 'second' }));
    expect(error.message).toContain('already has a viewer-request function ("first")');
    expect(error.message).toContain('one function per event type');
  });

  it('refuses a starter that does not exist for the event type, listing the ones that do', async () => {
    const root = copyTemplateWorkspace();
    const error = await refusal(root, () =>
      add(root, { eventType: 'origin-response', starter: 'no-such' }),
    );
    expect(error.message).toBe('There is no "no-such" starter for origin-response.');
    expect(error.hint).toContain('blank');
  });

  it('refuses a language the starter does not come in', async () => {
    const root = copyTemplateWorkspace();
    const startersDir = join(root, 'custom-starters');
    mkdirSync(join(startersDir, 'viewer-request', 'only-ts', 'ts'), { recursive: true });
    writeFileSync(join(startersDir, 'viewer-request', 'only-ts', 'ts', 'package.json'), '{}');
    const error = await refusal(root, () =>
      add(root, { starter: 'only-ts', language: 'python', startersDir }),
    );
    expect(error.message).toContain('has no Python version');
    expect(error.hint).toBe('It comes in: ts.');
  });

  it('refuses an unknown pathPattern, listing the behaviors that exist', async () => {
    const root = copyTemplateWorkspace();
    setBehaviors(root, "[{ pathPattern: '/img/*' }]");
    const error = await refusal(root, () => add(root, { behavior: '/api/*' }));
    expect(error.message).toBe('edge.config.ts has no behavior with pathPattern "/api/*".');
    expect(error.hint).toContain('"/img/*"');
  });

  it('refuses when the default behavior is not an object literal it can edit', async () => {
    const root = copyTemplateWorkspace();
    writeFileSync(
      join(root, 'edge.config.ts'),
      "import { defineConfig } from '@edge-app/runtime';\nconst shared = { origin: 'default' };\nexport default defineConfig({ origins: {}, defaultBehavior: shared });\n",
    );
    const error = await refusal(root, () => add(root));
    expect(error.message).toContain('defaultBehavior');
  });

  it('refuses outside a workspace', async () => {
    const root = copyTemplateWorkspace();
    const empty = join(root, 'packages', 'events');
    await expect(add(empty)).rejects.toThrow(/No edge\.config\.ts/);
    expect(existsSync(join(empty, 'packages'))).toBe(false);
  });
});

describe('installedStarterSource', () => {
  it('lists every starter of the template with its languages and a description', () => {
    const starters = installedStarterSource().list();
    for (const eventType of [
      'viewer-request',
      'origin-request',
      'origin-response',
      'viewer-response',
    ]) {
      const blank = starters.find((s) => s.eventType === eventType && s.starter === 'blank');
      expect(blank?.languages).toContain('ts');
      expect(blank?.description).not.toBe('');
    }
  });
});
