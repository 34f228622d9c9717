import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'workspace',
    include: ['packages/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts'],
    // Handler invocations run in container processes with real time limits.
    testTimeout: 30_000,
    // Gives tests the build-time values (EDGE_CONFIG) a bundle of the same stage has.
    setupFiles: ['@edge-app/tools/vitest-setup'],
  },
});
