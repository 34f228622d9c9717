export interface BundleTypeScriptOptions {
  /** Where the caller will write the bundle; esbuild computes paths from it. */
  outfile?: string;
  /** Inline a source map (for readable stack traces of the bundle). */
  sourcemap?: boolean;
  /** esbuild's own printing of problems; `silent` (the default) leaves it to the thrown error. */
  logLevel?: 'silent' | 'error' | 'warning';
}

/** Bundles a TypeScript entry for Node 20: @edge-app/* inlined, other packages external. */
export function bundleTypeScript(
  entryPoint: string,
  options?: BundleTypeScriptOptions,
): Promise<string>;

/**
 * Bundles `entryPoint` into the tools package's cache as `<name>-<stamp>.mjs`, the stamp
 * hashing the workspace sources' paths and modification times, unless that file is already
 * there; returns its path.
 */
export function cachedBundle(
  entryPoint: string,
  name: string,
  options?: Omit<BundleTypeScriptOptions, 'outfile'>,
): Promise<string>;
