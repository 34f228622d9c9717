/**
 * What each release changed in the template that a file-by-file merge cannot tell on its own:
 * files it moved (so that an owner's edits follow their file instead of staying behind beside
 * the template's new copy), files it removed (and why, for the plan), and small edits of the
 * owner's own files that the new template needs (codemods). copier's `_migrations` is the
 * model: each entry is applied, before the merge, when upgrading from a version before it.
 *
 * Patterns are project paths in which `*` stands for one path segment, the same one in `from`
 * and `to`. Every step is conditional on the files (a move happens only where the old
 * template had `from`, the new one has `to` instead, and nothing is at `to` yet), so applying
 * a release's entry to a project that never had the old layout changes nothing.
 */
import type { VendoredPackage } from '../../template/template.ts';

export interface Move {
  from: string;
  to: string;
}

export interface Codemod {
  /** One line for the plan: what it changes and why. */
  why: string;
  /** Which files it edits (a pattern as above). */
  paths: string;
  /** The edited text; the same text when there is nothing to change. */
  edit(text: string, context: CodemodContext): string;
}

export interface CodemodContext {
  /** The @edge-app/* packages the new template installs. */
  packages: readonly VendoredPackage[];
}

export interface Migration {
  /** The release that changed the template this way. */
  version: string;
  moves: ReadonlyArray<Move & { why: string }>;
  removed: ReadonlyArray<{ path: string; why: string }>;
  codemods: readonly Codemod[];
}

const TESTS_BESIDE_HANDLER =
  'TypeScript tests sit beside the handler in src/ (Python functions keep test/)';

export const MIGRATIONS: readonly Migration[] = [
  {
    // Every build before 0.2.0 called itself 0.1.0: this covers all of them.
    version: '0.2.0',
    moves: [
      { from: 'packages/*/test/index.test.ts', to: 'packages/*/src/index.test.ts' },
      { from: 'packages/*/test/jwks-script.test.ts', to: 'packages/*/src/jwks-script.test.ts' },
      { from: 'packages/*/test/tokens.ts', to: 'packages/*/src/test-tokens.ts' },
    ].map((move) => ({ ...move, why: TESTS_BESIDE_HANDLER })),
    removed: [
      ...['events', 'runtime', 'tools'].map((name) => ({
        path: `packages/${name}/**`,
        why: `@edge-app/${name} is installed from its tarball in vendor/ (pnpm-workspace.yaml overrides), no longer kept as sources in the project`,
      })),
      {
        path: 'vendor/*',
        why: 'the @edge-app/* tarballs are replaced by the new versions, named with a hash of their content',
      },
    ],
    codemods: [
      {
        why: '@edge-app/* dependencies name the installed version instead of workspace:*, since the packages are no longer in the workspace',
        paths: 'packages/*/package.json',
        edit: pinEdgeDependencies,
      },
    ],
  },
];

/** `"@edge-app/x": "workspace:*"` becomes the vendored version; the rest of the text is kept. */
function pinEdgeDependencies(text: string, { packages }: CodemodContext): string {
  let edited = text;
  for (const pkg of packages) {
    const name = pkg.name.replace(/[/]/g, '\\/');
    edited = edited.replace(
      new RegExp(`("${name}"\\s*:\\s*)"workspace:[^"]*"`, 'g'),
      `$1"${pkg.version}"`,
    );
  }
  return edited;
}
