import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES } from '@edge-app/events';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project.ts';
import { KEY, runPlop, runPlopInteractively } from './run-plop.ts';
import { copyTemplateWorkspace, removeCopies, tree } from './workspace-copy.ts';

afterEach(removeCopies);

/** The default behavior with a function for every event type, as create-edge-app makes it. */
function withFourTriggers(root: string): string {
  const configPath = join(root, 'edge.config.ts');
  const marker = '// edge:functions (create-edge-app and `pnpm gen trigger` add associations here)';
  const config = readFileSync(configPath, 'utf8');
  expect(config).toContain(marker);
  writeFileSync(
    configPath,
    config.replace(
      marker,
      `${marker}\n${EVENT_TYPES.map((type) => `      '${type}': '${type}',`).join('\n')}`,
    ),
  );
  return readFileSync(configPath, 'utf8');
}

function withBehaviors(root: string): void {
  const configPath = join(root, 'edge.config.ts');
  writeFileSync(
    configPath,
    readFileSync(configPath, 'utf8').replace(
      'behaviors: [],',
      "behaviors: [\n    { pathPattern: '/api/*', origin: 'default' },\n  ],",
    ),
  );
}

// Each test starts plop (and esbuild) in a child process; a loaded machine can take a while.
describe('pnpm gen trigger (plopfile.mjs)', { timeout: 90_000 }, () => {
  it('adds a function from bypass arguments without a prompt', async () => {
    const root = copyTemplateWorkspace();

    const run = await runPlop(root, ['trigger', 'viewer-request', 'auth', 'blank', 'ts']);

    expect(run.output).toContain('packages/auth/ (3 files)');
    expect(run.output).toContain('run `pnpm install`');
    expect(run.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(root, 'packages/auth/package.json'), 'utf8'));
    expect(manifest.name).toBe('auth');
    const project = await loadProject(root);
    expect(project.config.defaultBehavior.functions).toEqual({ 'viewer-request': 'auth' });
  });

  it('takes a fifth argument for the cache behavior', async () => {
    const root = copyTemplateWorkspace();
    withBehaviors(root);

    const run = await runPlop(root, [
      'trigger',
      'origin-request',
      'api-origin',
      'blank',
      'ts',
      '/api/*',
    ]);

    expect(run.code).toBe(0);
    const { config } = await loadProject(root);
    expect(config.behaviors?.[0]?.functions).toEqual({ 'origin-request': 'api-origin' });
    expect(config.defaultBehavior.functions).toEqual({});
  });

  it.each([
    [['bogus', 'fn', 'blank', 'ts'], '"bogus" is not a CloudFront event type'],
    [['viewer-request', 'My Fn', 'blank', 'ts'], '"My Fn" is not a valid function name'],
    [
      ['viewer-request', 'tools', 'blank', 'ts'],
      'one of the workspace\'s own packages. Try "tools-fn"',
    ],
    [
      ['origin-request', 'fn', 'nope', 'ts'],
      'There is no "nope" starter for origin-request.\n  Use one of: blank',
    ],
    [['viewer-request', 'fn', 'blank', 'cobol'], '"cobol" is not a starter language'],
    [['viewer-request', 'fn', 'blank', 'ts', '/a b/*'], '"/a b/*" cannot be a path pattern'],
    [['viewer-request', 'fn'], 'There is no terminal to ask the questions on'],
  ])('refuses %j: %s, writing nothing', async (args, message) => {
    const root = copyTemplateWorkspace();
    const before = tree(root);
    const config = readFileSync(join(root, 'edge.config.ts'), 'utf8');

    const run = await runPlop(root, ['trigger', ...args]);

    expect(run.output).toContain(message);
    // Said plainly: no escape codes without a terminal.
    expect(run.output).not.toContain('\u001b');
    expect(run.code).toBe(1);
    expect(tree(root).filter((p) => !p.startsWith('packages/tools/node_modules'))).toEqual(
      before.filter((p) => !p.startsWith('packages/tools/node_modules')),
    );
    expect(readFileSync(join(root, 'edge.config.ts'), 'utf8')).toBe(config);
  });

  const TEMPLATED_STARTER: Record<string, string> = {
    'package.json': '{ "name": "x", "edge": { "eventType": "viewer-request" } }\n',
    'src/index.ts': '// {{name}} stays as written\n',
    'README.md.hbs': '# {{name}} ({{eventType}}, {{starter}})\n',
  };

  /**
   * The workspace's node_modules with a copy of the built @edge-app/tools in place of the
   * link, its starters holding one more: a starter with a `*.hbs` file.
   */
  function installToolsWithTemplatedStarter(root: string): void {
    const link = join(root, 'node_modules');
    const shared = realpathSync(link);
    const own = join(root, 'node_modules.own');
    mkdirSync(join(own, '@edge-app'), { recursive: true });
    for (const entry of readdirSync(shared)) {
      if (entry !== '@edge-app') symlinkSync(join(shared, entry), join(own, entry));
    }
    for (const name of readdirSync(join(shared, '@edge-app'))) {
      const from = join(shared, '@edge-app', name);
      if (name === 'tools') {
        // Its own files copied; its dependencies (the AWS SDK among them) shared, not copied.
        const tools = join(own, '@edge-app', name);
        cpSync(from, tools, {
          recursive: true,
          dereference: true,
          filter: (path) => path !== join(from, 'node_modules'),
        });
        symlinkSync(join(realpathSync(from), 'node_modules'), join(tools, 'node_modules'));
      } else symlinkSync(from, join(own, '@edge-app', name));
    }
    rmSync(link);
    symlinkSync(own, link);
    const starter = join(own, '@edge-app/tools/dist/starters/viewer-request/templated/ts');
    mkdirSync(join(starter, 'src'), { recursive: true });
    for (const [path, content] of Object.entries(TEMPLATED_STARTER)) {
      writeFileSync(join(starter, path), content);
    }
  }

  it('renders only *.hbs files with Handlebars and copies the rest as they are', async () => {
    const root = copyTemplateWorkspace();
    installToolsWithTemplatedStarter(root);

    const run = await runPlop(root, ['trigger', 'viewer-request', 'demo', 'templated', 'ts']);

    expect(run.code).toBe(0);
    expect(readFileSync(join(root, 'packages/demo/README.md'), 'utf8')).toBe(
      '# demo (viewer-request, templated)\n',
    );
    expect(existsSync(join(root, 'packages/demo/README.md.hbs'))).toBe(false);
    expect(readFileSync(join(root, 'packages/demo/src/index.ts'), 'utf8')).toBe(
      '// {{name}} stays as written\n',
    );
  });

  it('refuses a second function for the same event type on a behavior', async () => {
    const root = copyTemplateWorkspace();
    expect((await runPlop(root, ['trigger', 'viewer-request', 'first', 'blank', 'ts'])).code).toBe(
      0,
    );

    const run = await runPlop(root, ['trigger', 'viewer-request', 'second', 'blank', 'ts']);

    expect(run.output).toContain('already has a viewer-request function ("first")');
    expect(run.code).toBe(1);
    expect(existsSync(join(root, 'packages/second'))).toBe(false);

    const taken = await runPlop(root, ['trigger', 'origin-request', 'first', 'blank', 'ts']);
    expect(taken.output).toContain('packages/first already exists');
    expect(taken.code).toBe(1);
  });

  it('in a project whose default behavior has every trigger, says at once where a function can go', async () => {
    const root = copyTemplateWorkspace();
    const config = withFourTriggers(root);

    const run = await runPlop(root, ['trigger', 'viewer-request', 'auth', 'jwt-auth', 'ts']);

    expect(run.output).toContain(
      '✖ The default behavior already has a viewer-request function ("viewer-request")',
    );
    expect(run.output).toContain(
      "Give a path pattern as the fifth argument to add a behavior for it: pnpm gen trigger viewer-request auth jwt-auth ts '/api/*'",
    );
    expect(run.output).not.toContain('\u001b');
    expect(run.code).toBe(1);
    expect(readFileSync(join(root, 'edge.config.ts'), 'utf8')).toBe(config);
    expect(existsSync(join(root, 'packages', 'auth'))).toBe(false);
  });

  it('adds a behavior for a new path pattern, keeping the comments of edge.config.ts', async () => {
    const root = copyTemplateWorkspace();
    const config = withFourTriggers(root);

    const run = await runPlop(root, [
      'trigger',
      'viewer-request',
      'auth',
      'jwt-auth',
      'ts',
      '/api/*',
    ]);

    expect(run.output).toContain('edge.config.ts: viewer-request on new behavior /api/*');
    expect(run.code).toBe(0);
    const edited = readFileSync(join(root, 'edge.config.ts'), 'utf8');
    // The behavior, the association, and jwt-auth's build-time value in every stage.
    expect(edited).toBe(
      config
        .replace(
          'behaviors: [],',
          "behaviors: [{ pathPattern: '/api/*', origin: 'default', functions: { 'viewer-request': 'auth' } }],",
        )
        .replace('define: {},', 'define: { JWT_DEV_KEYS: false },'),
    );
    const { config: loaded, functions } = await loadProject(root);
    expect(loaded.behaviors).toEqual([
      { pathPattern: '/api/*', origin: 'default', functions: { 'viewer-request': 'auth' } },
    ]);
    expect(functions.map((f) => f.name)).toEqual(['auth']);
  });

  it('at a terminal, asks for a path pattern right after the event type when no behavior can take it', async () => {
    const root = copyTemplateWorkspace();
    withFourTriggers(root);

    const run = await runPlopInteractively(
      root,
      ['trigger'],
      [
        { waitFor: 'Event type', send: KEY.enter },
        { waitFor: 'Path pattern of a new behavior', send: `/api/*${KEY.enter}` },
        { waitFor: 'Function name', send: `auth${KEY.enter}` },
        { waitFor: 'Starter', send: `${KEY.down}${KEY.down}${KEY.enter}` },
      ],
    );

    expect(run.output).toContain('Every behavior has a viewer-request function.');
    expect(run.code).toBe(0);
    const { config } = await loadProject(root);
    expect(config.behaviors).toEqual([
      { pathPattern: '/api/*', origin: 'default', functions: { 'viewer-request': 'auth' } },
    ]);
    const manifest = JSON.parse(readFileSync(join(root, 'packages/auth/package.json'), 'utf8'));
    expect(manifest.description).toContain('JWT');
  });

  it('Ctrl-C at a question ends the run, writing nothing', async () => {
    const root = copyTemplateWorkspace();
    const before = tree(root);

    const run = await runPlopInteractively(
      root,
      ['trigger'],
      [{ waitFor: 'Event type', send: '\u0003' }],
    );

    expect(run.output).not.toContain('add-function');
    expect(tree(root)).toEqual(before);
  });

  it('asks every question at a terminal', async () => {
    const root = copyTemplateWorkspace();

    const run = await runPlopInteractively(
      root,
      ['trigger'],
      [
        { waitFor: 'Event type', send: `${KEY.down}${KEY.down}${KEY.enter}` },
        { waitFor: 'Function name', send: `errors${KEY.enter}` },
        { waitFor: 'Starter', send: KEY.enter },
        { waitFor: 'Language', send: KEY.enter },
      ],
    );

    expect(run.output).toContain('packages/errors/');
    expect(run.code).toBe(0);
    expect(existsSync(join(root, 'packages/tools/starters'))).toBe(false);
    const project = await loadProject(root);
    expect(project.config.defaultBehavior.functions).toEqual({ 'origin-response': 'errors' });
    expect(project.functions.map((f) => [f.name, f.eventType, f.language])).toEqual([
      ['errors', 'origin-response', 'node'],
    ]);
  });

  it('asks for the cache behavior at a terminal when there are behaviors', async () => {
    const root = copyTemplateWorkspace();
    withBehaviors(root);

    const run = await runPlopInteractively(
      root,
      ['trigger', 'viewer-request', 'api-auth', 'blank', 'ts'],
      [{ waitFor: 'Cache behavior', send: `${KEY.down}${KEY.enter}` }],
    );

    expect(run.code).toBe(0);
    const { config } = await loadProject(root);
    expect(config.behaviors?.[0]?.functions).toEqual({ 'viewer-request': 'api-auth' });
  });

  it('re-asks for a name that is not valid at a terminal', async () => {
    const root = copyTemplateWorkspace();

    const run = await runPlopInteractively(
      root,
      ['trigger', 'viewer-request'],
      [
        { waitFor: 'Function name', send: `Bad Name${KEY.enter}` },
        {
          waitFor: 'is not a valid function name',
          send: `${'\u007f'.repeat(8)}good-name${KEY.enter}`,
        },
        { waitFor: 'Starter', send: KEY.enter },
        { waitFor: 'Language', send: KEY.enter },
      ],
    );

    expect(run.code).toBe(0);
    expect(existsSync(join(root, 'packages/good-name/src/index.ts'))).toBe(true);
  });
});
