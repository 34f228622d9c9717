import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createFunctionBuilder } from '../../src/build/index.ts';
import { loadConfig } from '../../src/project.ts';
import { createTempProject, type TempProject } from './fixture.ts';

const run = promisify(execFile);
const vitestBin = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);
const setupFile = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../src/build/vitest-setup.ts',
);

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

const edgeConfig = `import { defineConfig } from '@edge-app/runtime';
export default defineConfig({
  origins: { default: { dir: 'public' } },
  defaultBehavior: { origin: 'default' },
  stages: { dev: { define: { GREETING: 'from dev' } }, prod: { define: { GREETING: 'from prod' } } },
});
`;

/** Runs vitest in the temp project, as `pnpm test` would in a generated workspace. */
async function vitest(root: string, env: Record<string, string> = {}) {
  const childEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV'),
  );
  try {
    const { stdout } = await run(process.execPath, [vitestBin, 'run', '--reporter=json'], {
      cwd: root,
      env: { ...childEnv, ...env },
      timeout: 60_000,
    });
    return JSON.parse(stdout) as { numPassedTests: number; numFailedTests: number };
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout ?? '';
    if (stdout.startsWith('{'))
      return JSON.parse(stdout) as { numPassedTests: number; numFailedTests: number };
    throw error;
  }
}

describe('EDGE_CONFIG in vitest', () => {
  it('gives a handler under test the values its bundle has, for the same stage', async () => {
    project = createTempProject({
      greet: {
        eventType: 'origin-request',
        files: {
          'src/index.ts':
            "export const handler = async () => ({ status: '200', body: String(EDGE_CONFIG.GREETING) });\n",
          'test/index.test.ts': `import { expect, it } from 'vitest';
import { handler } from '../src/index.ts';
it('greets', async () => {
  expect((await handler()).body).toBe(process.env.EXPECTED);
});
`,
        },
      },
    });
    project.write('edge.config.ts', edgeConfig);
    project.write(
      'vitest.config.mjs',
      `export default { test: { include: ['packages/*/test/*.test.ts'], setupFiles: [${JSON.stringify(setupFile)}] } };\n`,
    );

    // The bundle, built for the default stage, answers what the test expects of the source.
    const config = await loadConfig(project.root);
    const builder = await createFunctionBuilder({ project: project.project(config) });
    const [built] = await builder.build();
    await builder.dispose();
    const bundled = await import(`${pathToFileURL(built!.entry).href}?t=${Date.now()}`);
    expect((await bundled.handler()).body).toBe('from dev');

    expect(await vitest(project.root, { EXPECTED: 'from dev' })).toMatchObject({
      numPassedTests: 1,
      numFailedTests: 0,
    });
    expect(await vitest(project.root, { EXPECTED: 'from prod', EDGE_STAGE: 'prod' })).toMatchObject(
      { numPassedTests: 1, numFailedTests: 0 },
    );
    // The check can fail: the wrong stage's value does not pass.
    expect(await vitest(project.root, { EXPECTED: 'from prod' })).toMatchObject({
      numPassedTests: 0,
      numFailedTests: 1,
    });
  });

  it('reads the values again when edge.config.ts or a file it imports changes', async () => {
    project = createTempProject({
      greet: {
        eventType: 'origin-request',
        files: {
          'src/index.ts': 'export const handler = async () => null;\n',
          'test/index.test.ts': `import { expect, it } from 'vitest';
it('sees the greeting', () => {
  expect(EDGE_CONFIG.GREETING).toBe(process.env.EXPECTED);
});
`,
        },
      },
    });
    project.write('greeting.ts', "export const greeting = 'hello';\n");
    project.write(
      'edge.config.ts',
      edgeConfig
        .replace("GREETING: 'from dev'", 'GREETING: greeting')
        .replace(
          "import { defineConfig } from '@edge-app/runtime';",
          "import { defineConfig } from '@edge-app/runtime';\nimport { greeting } from './greeting.ts';",
        ),
    );
    project.write(
      'vitest.config.mjs',
      `export default { test: { include: ['packages/*/test/*.test.ts'], setupFiles: [${JSON.stringify(setupFile)}] } };\n`,
    );
    const passes = (expected: string) =>
      expect(vitest(project!.root, { EXPECTED: expected })).resolves.toMatchObject({
        numPassedTests: 1,
      });
    await passes('hello');
    // From the cache this time; then each change is seen.
    await passes('hello');
    project.write('greeting.ts', "export const greeting = 'hello again';\n");
    await passes('hello again');
    project.write(
      'edge.config.ts',
      edgeConfig.replace("GREETING: 'from dev'", "GREETING: 'edited'"),
    );
    await passes('edited');
  });
});
