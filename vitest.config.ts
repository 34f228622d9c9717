import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Tests here run the @edge-app/* packages' TypeScript sources, never a stale dist/: each
 * export is aliased to the file its `source` condition names. (Only for the modules vitest
 * transforms. What Node loads itself, such as a bundled edge.config.ts, takes the `default`
 * condition, the built files: `pnpm test` builds first.)
 */
function sourceAliases() {
  return ['events', 'runtime', 'tools'].flatMap((name) => {
    const dir = join(import.meta.dirname, 'packages', name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return Object.entries(manifest.exports as Record<string, { source: string }>).map(
      ([subpath, target]) => ({
        find: new RegExp(`^${manifest.name}${subpath.slice(1)}$`),
        replacement: join(dir, target.source),
      }),
    );
  });
}

const ALIASES = sourceAliases();

function project(config: TestProjectInlineConfiguration): TestProjectInlineConfiguration {
  return { ...config, resolve: { alias: ALIASES } };
}

// One run covers every suite: the CLI's unit and end-to-end tests, each @edge-app/* package,
// every starter, and the benchmarks' load client.
export default defineConfig({
  test: {
    projects: [
      project({
        test: {
          name: 'cli',
          root: 'packages/create-edge-app',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
        },
      }),
      project({
        test: {
          name: 'e2e',
          root: 'packages/create-edge-app',
          include: ['test/e2e/**/*.test.ts'],
          // Each test installs and builds a generated workspace.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      }),
      ...['events', 'runtime', 'tools'].map((name) =>
        project({
          test: {
            name,
            root: `packages/${name}`,
            include: ['test/**/*.test.ts'],
            // Handler invocations run in containers with real time limits.
            testTimeout: 30_000,
            // The deploy tests make AWS SDK clients, which on Node 20 print a notice that SDK
            // releases after January 2027 need Node 22; `edge deploy` turns it off the same way
            // (tools/src/deploy/cli-support.ts).
            env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          },
        }),
      ),
      project({
        test: {
          name: 'starters',
          root: 'templates/starters',
          include: ['**/test/**/*.test.ts', '**/src/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 30_000,
          setupFiles: ['../../packages/tools/src/build/vitest-setup.ts'],
        },
      }),
      project({
        // The benchmarks' own parts whose mistakes would skew their figures.
        test: { name: 'bench', root: 'bench', include: ['test/**/*.test.mjs'] },
      }),
    ],
  },
});
