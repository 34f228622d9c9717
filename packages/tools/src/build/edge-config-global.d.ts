// The global through which handlers read build-time configuration; see build-config.ts.
declare global {
  /**
   * Values of the active stage's `define` in edge.config.ts, compiled into the bundle.
   * Narrow a key's type by redeclaring it: `interface EdgeBuildConfig { readonly API_URL: string }`.
   */
  interface EdgeBuildConfig {
    readonly [key: string]: string | number | boolean | undefined;
  }
  const EDGE_CONFIG: EdgeBuildConfig;
}

export {};
