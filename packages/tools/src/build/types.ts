import type { EventType } from '@edge-app/events';

/** One function, built: what the dev server runs, deploy uploads and `edge size` reports. */
export interface BuiltFunction {
  name: string;
  eventType: EventType;
  language: 'node' | 'python';
  /** `dist/<name>/` */
  outDir: string;
  /** Absolute path of the runnable module: `dist/<name>/index.mjs`, or the `.py` file. */
  entry: string;
  /** The export Lambda calls: `handler`. */
  handlerName: string;
  /** `dist/<name>.zip`, when zips were asked for. */
  zipPath?: string;
  /** Uncompressed code: the bundle (Node.js) or every packaged file (Python). */
  bundleBytes: number;
  zipBytes?: number;
  /** What the bundle is made of, largest first: a source file, or a whole npm package. */
  modules: ModuleSize[];
  /** Absolute paths of every source file the output was made from: what a watcher watches. */
  inputs: string[];
  /** Imports left to the runtime, e.g. `node:https`. */
  externalImports: string[];
  /** Problems that do not stop the build, one line each. */
  warnings: string[];
}

export interface ModuleSize {
  /** A path relative to the project root, or an npm package name. */
  name: string;
  /** Bytes this module contributes to the uncompressed bundle. */
  bytes: number;
}

export interface FunctionBuilder {
  /** Builds every function; fails with every function's errors at once. */
  build(): Promise<BuiltFunction[]>;
  /** Builds one function again, reusing its esbuild context when `incremental`. */
  rebuild(name: string): Promise<BuiltFunction>;
  dispose(): Promise<void>;
}
