/**
 * An esbuild plugin for imports that bundle fine but break or bloat at the edge:
 * - native addons (`.node` files and the loaders that find them at run time): a bundle cannot
 * carry them, and Lambda@Edge runs x86_64 Linux only (docs/cloudfront-rules.md#architecture), so
 * one compiled on a developer's machine would not load anyway;
 * - `aws-sdk` (v2): not part of the nodejs18.x and later runtimes, which ship SDK v3 only
 *   (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html), and large enough to
 *   crowd the 1 MB viewer limit on its own.
 */
import type { Plugin } from 'esbuild';
import { packageOf } from './bundle-checks.ts';
import { NODE_RUNTIME } from './targets.ts';

/** Packages whose job is to locate and `require` a compiled `.node` file at run time. */
const NATIVE_ADDON_LOADERS = [
  'bindings',
  'node-gyp-build',
  'node-gyp-build-optional-packages',
  'prebuild-install',
  'node-pre-gyp',
  '@mapbox/node-pre-gyp',
];

const SKIP = Symbol('edge-traps: resolve normally');

export function edgeTrapsPlugin(): Plugin {
  return {
    name: 'edge-traps',
    setup(build) {
      build.onResolve({ filter: /\.node$/ }, (args) => ({
        errors: [
          {
            text: `"${args.path}" is a native addon (compiled .node file), which cannot be bundled for Lambda@Edge.`,
            notes: [
              {
                text: 'Use a pure-JavaScript alternative (e.g. bcryptjs for bcrypt, @node-rs packages have wasm builds), or move this work behind an origin.',
              },
            ],
          },
        ],
      }));

      const loaders = new RegExp(
        `^(${NATIVE_ADDON_LOADERS.map((name) => name.replace(/[/]/g, '\\/')).join('|')})$`,
      );
      build.onResolve({ filter: loaders }, (args) => ({
        errors: [
          {
            text: `${importerPackage(args.importer)} loads a native addon through "${args.path}", which cannot be bundled for Lambda@Edge.`,
            notes: [
              {
                text: 'Native code must be compiled for Linux x86_64 and shipped as a file; a single-file bundle cannot carry it. Use a pure-JavaScript alternative of this package.',
              },
            ],
          },
        ],
      }));

      build.onResolve({ filter: /^aws-sdk(\/|$)/ }, async (args) => {
        if (args.pluginData === SKIP) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: SKIP,
        });
        const advice =
          'Use AWS SDK v3 (`@aws-sdk/client-*`): v2 is not in the nodejs18.x+ Lambda runtimes and reached end of support in 2025.';
        if (resolved.errors.length > 0) {
          return {
            errors: [
              {
                text: `"${args.path}" (AWS SDK v2) is not installed, and the ${NODE_RUNTIME} runtime does not provide it.`,
                notes: [{ text: advice }],
              },
            ],
          };
        }
        return {
          path: resolved.path,
          external: resolved.external,
          sideEffects: resolved.sideEffects,
          namespace: resolved.namespace,
          warnings: [
            {
              text: `"${args.path}" is AWS SDK v2: it is bundled in full (hundreds of KB zipped).`,
              notes: [{ text: advice }],
            },
          ],
        };
      });
    },
  };
}

function importerPackage(importer: string): string {
  const name = packageOf(importer.replaceAll('\\', '/'));
  return name ? `Package "${name}"` : 'This code';
}
