import { defineConfig } from '@edge-app/runtime';

export default defineConfig({
  // `strict`: viewer events 5 s, 128 MB, 1 MB zipped; origin events 30 s. `latest` follows
  // the newest AWS documentation. Override any value under `limits`.
  profile: 'strict',
  origins: {
    // Where `pnpm dev` sends cache misses. A URL proxies; `{ dir: 'public' }` serves files.
    default: { dir: 'public' },
  },
  defaultBehavior: {
    origin: 'default',
    functions: {
      // edge:functions (create-edge-app and `pnpm gen trigger` add associations here)
    },
    cache: { defaultTTL: 86400, queryStrings: 'none' },
  },
  behaviors: [],
  stages: {
    prod: {
      // distributionId: 'E1234567890ABC',
      define: {},
    },
  },
});
