/**
 * User mistakes around `edge dev` and the edge.config.ts every command loads: each must reach
 * `main` as an ToolsError (what was wrong, how to fix it, exit 1), never a stack trace.
 */
import { join } from 'node:path';
import { RuntimeSetupError } from '@edge-app/runtime';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { toUserError } from '../../src/dev/session.ts';
import { ToolsError } from '../../src/errors.ts';
import { workspaceRoot } from '../../src/project.ts';
import { createTempProject, type TempProject } from '../build/fixture.ts';
import { captureConsole, startupError } from './fixture.ts';

const pythonHandler = `def handler(event, context):
    return event["Records"][0]["cf"]["request"]
`;

let project: TempProject | undefined;
let output: string[];
beforeEach(() => {
  output = captureConsole();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  project?.cleanup();
  project = undefined;
});

function pythonProject(): TempProject {
  return createTempProject({
    pyauth: {
      eventType: 'viewer-request',
      language: 'python',
      files: { 'src/index.py': pythonHandler },
    },
  });
}

describe('edge dev: the runtime cannot run a function', () => {
  it('without a Python interpreter, refuses to start and says how to get one', async () => {
    project = pythonProject();
    vi.stubEnv('EDGE_PYTHON', join(project.root, 'no-such-python'));
    const error = await startupError({ project: project.project() });
    expect(error).toBeInstanceOf(ToolsError);
    expect(error).toMatchObject({
      message: expect.stringMatching(
        /Python 3 is needed to run the function "pyauth" .*was not found/,
      ),
      hint: expect.stringContaining('EDGE_PYTHON'),
    });
  }, 60_000);

  it('refuses an interpreter that is not Python 3, quoting what it answered', async () => {
    project = pythonProject();
    // Node answers `--version` with "v20...", as a wrong EDGE_PYTHON would.
    vi.stubEnv('EDGE_PYTHON', process.execPath);
    expect(await startupError({ project: project.project() })).toMatchObject({
      message: expect.stringContaining(`--version" answered "${process.version}"`),
    });
  }, 60_000);

  it('through the command: prints the message and the fix, exits 1', async () => {
    project = pythonProject();
    project.write(
      'edge.config.ts',
      "export default { origins: { default: { dir: 'public' } }, defaultBehavior: {} };\n",
    );
    vi.stubEnv('EDGE_PYTHON', join(project.root, 'no-such-python'));
    expect(await main(['dev', '--port', '0'], project.root)).toBe(1);
    expect(output.join('\n')).toMatch(/^✖ Python 3 is needed to run the function "pyauth"/m);
    expect(output.join('\n')).toMatch(/^ {2}Install Python 3 .*EDGE_PYTHON/m);
  }, 60_000);

  it('turns a RuntimeSetupError into the same message and fix for the user', () => {
    const converted = toUserError(
      new RuntimeSetupError('No module at dist/a/index.mjs.', 'Run `edge build` first.'),
      { project: { root: '/x', config: { origins: {}, defaultBehavior: {} }, functions: [] } },
    );
    expect(converted).toBeInstanceOf(ToolsError);
    expect(converted).toMatchObject({
      message: 'No module at dist/a/index.mjs.',
      hint: 'Run `edge build` first.',
    });
  });

  it("leaves errors that are not the user's as they are (a bug keeps its stack)", () => {
    const bug = new TypeError('x is undefined');
    const converted = toUserError(bug, {
      project: { root: '/x', config: { origins: {}, defaultBehavior: {} }, functions: [] },
    });
    expect(converted).toBe(bug);
  });
});

describe('edge.config.ts mistakes, for every command', () => {
  const commands = ['dev', 'build', 'size', 'deploy', 'destroy'];

  function withConfig(source: string): string {
    project = createTempProject({});
    project.write('edge.config.ts', source);
    return project.root;
  }

  it.each(commands)(
    'edge %s: code that throws while loading is named, not a stack',
    async (command) => {
      const root = withConfig("throw new Error('API_URL is not set');\nexport default {};\n");
      expect(await main([command], root)).toBe(1);
      expect(output.join('\n')).toContain(
        '✖ edge.config.ts threw while loading: API_URL is not set',
      );
      expect(output.join('\n')).toContain('fix the code that throws');
    },
  );

  it('edge size --json still prints JSON for CI when edge.config.ts cannot be loaded', async () => {
    const root = withConfig('export default {\n');
    expect(await main(['size', '--json'], root)).toBe(1);
    const json = JSON.parse(output[0] ?? '');
    expect(json).toMatchObject({ ok: false, error: { hint: expect.stringContaining('Fix') } });
    expect(json.error.message).toMatch(/^edge\.config\.ts does not compile/);
  });

  it('a default export that is not an object says what it got', async () => {
    const root = withConfig('export default [1, 2];\n');
    expect(await main(['build'], root)).toBe(1);
    expect(output.join('\n')).toContain(
      '✖ edge.config.ts exports an array as its default, not a configuration object.',
    );
  });

  it('a missing default export says how to end the file', async () => {
    const root = withConfig('export const config = {};\n');
    expect(await main(['size'], root)).toBe(1);
    expect(output.join('\n')).toContain('✖ edge.config.ts has no default export.');
    expect(output.join('\n')).toContain('export default defineConfig');
  });

  it('a syntax error points at the line', async () => {
    const root = withConfig('export default { origins: };\n');
    expect(await main(['dev'], root)).toBe(1);
    expect(output.join('\n')).toMatch(
      /✖ edge.config.ts does not compile:[\s\S]*edge\.config\.ts:1:/,
    );
  });

  it('a function package.json that is not JSON is named', async () => {
    const root = withConfig(
      "export default { origins: { default: { dir: 'public' } }, defaultBehavior: {} };\n",
    );
    project?.write('packages/broken/package.json', '{ "name": "broken", }');
    expect(await main(['build'], root)).toBe(1);
    expect(output.join('\n')).toContain('✖ packages/broken/package.json is not valid JSON');
  });

  it('from inside a function package, finds the workspace above it', () => {
    const root = withConfig('export default {};\n');
    project?.write('packages/auth/src/index.ts', '');
    expect(workspaceRoot(join(root, 'packages', 'auth', 'src'))).toBe(root);
    expect(workspaceRoot(root)).toBe(root);
  });

  it('outside a workspace, says where to run it', async () => {
    project = createTempProject({});
    expect(workspaceRoot(project.root)).toBe(project.root);
    expect(await main(['build'], project.root)).toBe(1);
    expect(output.join('\n')).toContain('✖ No edge.config.ts in');
    expect(output.join('\n')).toContain('root of a workspace made by create-edge-app');
  });
});

describe('edge dev flags', () => {
  it('an unknown flag lists the valid ones', async () => {
    expect(await main(['dev', '--cache-off'], '/nonexistent')).toBe(1);
    expect(output.join('\n')).toContain("✖ edge dev: Unknown option '--cache-off'");
    expect(output.join('\n')).toContain('Valid options: --port <value>');
  });

  it('a port that is not a number says which are', async () => {
    expect(await main(['dev', '--port', 'http'], '/nonexistent')).toBe(1);
    expect(output.join('\n')).toContain('✖ --port http is not a port number.');
  });
});
