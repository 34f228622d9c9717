/**
 * The two edits of the workspace's files that a generated project needs because it installs
 * the @edge-app/* packages from tarballs instead of linking them. build.mjs makes them when it
 * packs the template (pack.ts); upgrade makes them again to render the repository's earlier
 * versions of these files as a build of that time packed them (src/upgrade/base/).
 */
import type { VendoredPackage } from './template.ts';

/** package.json with each `workspace:*` @edge-app/* dependency at the vendored version. */
export function withPackageVersions(text: string, packages: readonly VendoredPackage[]): string {
  const manifest = JSON.parse(text) as Record<string, Record<string, string> | unknown>;
  for (const field of ['dependencies', 'devDependencies']) {
    const dependencies = manifest[field] as Record<string, string> | undefined;
    for (const pkg of packages) {
      if (dependencies?.[pkg.name]?.startsWith('workspace:')) dependencies[pkg.name] = pkg.version;
    }
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * pnpm-workspace.yaml with overrides that install every @edge-app/* package from its tarball,
 * wherever it is asked for (the root, a function package, another @edge-app package). Once
 * the packages are published, the overrides go and nothing else changes.
 */
export function withVendorOverrides(text: string, packages: readonly VendoredPackage[]): string {
  if (/^overrides:/m.test(text)) {
    throw new Error(
      'templates/workspace/pnpm-workspace.yaml has overrides of its own; merge them here.',
    );
  }
  const lines = packages.map((pkg) => `  '${pkg.name}': 'file:${pkg.path}'`);
  return `${text.trimEnd()}\n\n# The @edge-app/* packages, as \`pnpm pack\` made them, kept in vendor/ until they are\n# published; \`create-edge-app upgrade\` replaces them.\noverrides:\n${lines.join('\n')}\n`;
}
