import { defineConfig } from 'vitest/config';

// One run covers every suite: the CLI's unit and end-to-end tests, the template workspace's
// packages (events, runtime, tools) with the template's own settings, the benchmarks' load
// client, and every starter.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'cli',
          root: 'packages/create-edge-app',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
        },
      },
      {
        test: {
          name: 'e2e',
          root: 'packages/create-edge-app',
          include: ['test/e2e/**/*.test.ts'],
          // Each test installs and builds a generated workspace.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      'templates/workspace',
      {
        // The benchmarks' own parts whose mistakes would skew their figures.
        test: { name: 'bench', root: 'bench', include: ['test/**/*.test.mjs'] },
      },
      {
        test: {
          name: 'starters',
          root: 'templates/workspace/packages/tools/starters',
          include: ['**/test/**/*.test.ts', '**/src/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 30_000,
          setupFiles: ['../src/build/vitest-setup.ts'],
        },
      },
    ],
  },
});
