import { defineConfig } from '@edge-app/runtime';

export default defineConfig({
  // `strict`: viewer events 5 s, 128 MB, 1 MB zipped; origin events 30 s, 50 MB zipped.
  // `latest` follows the newest AWS documentation (viewer events 30 s, 50 MB zipped).
  // Override single values per event type under `limits`.
  profile: 'strict',
  origins: {
    // Where `pnpm dev` sends cache misses: `{ url: 'https://...' }` proxies to a server,
    // `{ dir: 'public' }` serves files. Deploy changes only the real distribution's function
    // associations, never its origins or cache settings.
    // A `{ dir }` origin answers as an S3 bucket behind origin access control: a missing file
    // is 403 AccessDenied (404 with `listable: true`).
    default: { dir: 'public' },
  },
  // What `/` serves (CloudFront's DefaultRootObject); `/docs/` is not mapped to an index.
  defaultRootObject: 'index.html',
  defaultBehavior: {
    origin: 'default',
    functions: {
      // edge:functions (create-edge-app and `pnpm gen trigger` add associations here)
    },
    // Legacy cache settings (ForwardedValues and TTLs). CloudFront's policies replace them, by
    // AWS managed name or inline: `cachePolicy: 'CachingOptimized'` (used when neither is set),
    // `originRequestPolicy: 'AllViewerExceptHostHeader'`, `responseHeadersPolicy:
    // 'SecurityHeadersPolicy'`. Only what they name reaches origin-request and the origin.
    // Also per behavior: allowedMethods, cachedMethods, compress, viewerProtocolPolicy.
    cache: { defaultTTL: 86400, queryStrings: 'none' },
  },
  behaviors: [],
  stages: {
    prod: {
      // The existing CloudFront distribution `pnpm edge:deploy --stage prod` associates with.
      // distributionId: 'E1234567890ABC',
      // Build-time values: handlers read `EDGE_CONFIG.KEY` (Lambda@Edge has no environment
      // variables, so they are compiled into the bundle).
      define: {},
    },
  },
});
