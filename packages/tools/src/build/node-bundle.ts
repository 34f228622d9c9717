/**
 * One Node.js function as one minified, tree-shaken ESM bundle for the Lambda runtime:
 * `dist/<name>/index.mjs`, its source map beside it, and `dist/<name>.zip` holding only
 * `index.mjs` (the map stays out of the zip: Lambda@Edge has no environment variables, so
 * NODE_OPTIONS=--enable-source-maps cannot be set and the map would be dead weight against
 * the 1 MB viewer limit).
 */
import { join, relative, resolve } from 'node:path';
import type { BuildContext, BuildOptions, BuildResult, Message, Metafile } from 'esbuild';
import { ToolsError } from '../errors.ts';
import type { FunctionPackage } from '../project.ts';
import { BUILD_CONFIG_GLOBAL } from './build-config.ts';
import { type BundleFindings, checkBundle, type Finding, packageOf } from './bundle-checks.ts';
import { edgeTrapsPlugin } from './edge-traps.ts';
import { groupModuleSizes, outputWriter, removeStaleEntries, toPosix, writeZip } from './output.ts';
import { ESBUILD_TARGET } from './targets.ts';
import type { BuiltFunction } from './types.ts';

type Esbuild = typeof import('esbuild');

export interface NodeBundleSettings {
  root: string;
  /** esbuild `define` for the stage's build-time values. */
  define: Record<string, string>;
  stageName: string | undefined;
  zip: boolean;
  handlerName: string;
}

// CommonJS dependencies that `require()` a Node.js built-in need a real `require` inside an
// ES module; esbuild's shim calls this one.
const REQUIRE_SHIM =
  "import{createRequire as __edgeCreateRequire}from'node:module';const require=__edgeCreateRequire(import.meta.url);";

export class NodeBundle {
  private context: BuildContext<BuildOptions & { metafile: true; write: false }> | undefined;
  private cleaned = false;
  private queue: Promise<unknown> = Promise.resolve();
  readonly outDir: string;
  readonly outfile: string;

  constructor(
    private readonly esbuild: Esbuild,
    readonly fn: FunctionPackage,
    private readonly settings: NodeBundleSettings,
    private readonly incremental: boolean,
  ) {
    this.outDir = join(settings.root, 'dist', fn.name);
    this.outfile = join(this.outDir, 'index.mjs');
  }

  private options() {
    return {
      absWorkingDir: this.settings.root,
      entryPoints: [this.fn.entry],
      outfile: this.outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: ESBUILD_TARGET,
      // Prefer the ESM build of a dependency: it tree-shakes.
      mainFields: ['module', 'main'],
      minify: true,
      sourcemap: 'linked',
      metafile: true,
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"', ...this.settings.define },
      banner: { js: REQUIRE_SHIM },
      plugins: [edgeTrapsPlugin()],
    } satisfies BuildOptions;
  }

  /** Builds one at a time: overlapping rebuilds (a burst of saves) never interleave writes. */
  build(): Promise<BuiltFunction> {
    const next = this.queue.then(() => this.buildNow());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async buildNow(): Promise<BuiltFunction> {
    let result: BuildResult<{ metafile: true; write: false }>;
    try {
      if (this.incremental) {
        this.context ??= await this.esbuild.context(this.options());
        result = await this.context.rebuild();
      } else {
        result = await this.esbuild.build(this.options());
      }
    } catch (error) {
      throw buildFailure(this.fn, this.settings.root, error);
    }
    const code = result.outputFiles.find((file) => file.path === this.outfile);
    const map = result.outputFiles.find((file) => file.path === `${this.outfile}.map`);
    const output = result.metafile.outputs[toPosix(relative(this.settings.root, this.outfile))];
    if (!code || !map || !output) throw new Error(`esbuild produced no ${this.outfile}.`);

    if (!output.exports.includes(this.settings.handlerName)) {
      throw new ToolsError(
        'build',
        `${this.relative(this.fn.entry)} does not export "${this.settings.handlerName}".`,
        {
          hint: `Lambda calls the export named ${this.settings.handlerName}: \`export const ${this.settings.handlerName} = async (event) => { ... }\`.`,
        },
      );
    }
    const findings = checkBundle({
      code: code.text,
      sourceMap: map.text,
      outDir: this.outDir,
      root: this.settings.root,
    });
    this.assertNoForbiddenReads(findings);

    if (!this.cleaned) {
      removeStaleEntries(this.outDir, new Set(['index.mjs', 'index.mjs.map']));
      this.cleaned = true;
    }
    const write = outputWriter(this.incremental);
    write(map.path, map.contents);
    write(code.path, code.contents);
    const zip = writeZip(
      this.outDir,
      this.settings.zip ? [{ name: 'index.mjs', data: code.contents }] : undefined,
      write,
    );

    const built: BuiltFunction = {
      name: this.fn.name,
      eventType: this.fn.eventType,
      language: 'node',
      outDir: this.outDir,
      entry: this.outfile,
      handlerName: this.settings.handlerName,
      bundleBytes: code.contents.length,
      modules: moduleSizes(output),
      inputs: Object.keys(result.metafile.inputs).map((path) => resolve(this.settings.root, path)),
      externalImports: output.imports.filter((i) => i.external).map((i) => i.path),
      warnings: [
        ...result.warnings.filter(isOwnWarning).map((w) => formatMessage(w, 'warning')),
        ...dependencyEnvironmentWarnings(findings.dependencyEnvironmentReads),
      ],
    };
    return zip ? { ...built, ...zip } : built;
  }

  async dispose(): Promise<void> {
    await this.context?.dispose();
    this.context = undefined;
  }

  private assertNoForbiddenReads(findings: BundleFindings): void {
    const lines: string[] = [];
    for (const read of findings.environmentReads) {
      lines.push(`${where(read)}: reads process.env${read.key ? `.${read.key}` : ''}`);
    }
    const stage = this.settings.stageName;
    for (const read of findings.undefinedConfigReads) {
      lines.push(
        read.key
          ? `${where(read)}: reads ${BUILD_CONFIG_GLOBAL}.${read.key}, which ${stage ? `stage "${stage}" does not define` : 'is undefined: no stage is active'}`
          : `${where(read)}: uses ${BUILD_CONFIG_GLOBAL} as a whole; read each key as ${BUILD_CONFIG_GLOBAL}.<KEY>`,
      );
    }
    if (lines.length === 0) return;
    const key =
      findings.environmentReads.find((r) => r.key)?.key ??
      findings.undefinedConfigReads.find((r) => r.key)?.key ??
      'API_URL';
    throw new ToolsError(
      'build',
      `Function "${this.fn.name}" reads configuration Lambda@Edge cannot provide:\n${lines
        .map((line) => `  ${line}`)
        .join(
          '\n',
        )}\n  Lambda@Edge functions have no environment variables except the ones Lambda sets itself (AWS_REGION, AWS_LAMBDA_FUNCTION_NAME, ...).`,
      {
        hint: `Bake the value in at build time: in edge.config.ts set stages.${stage ?? '<stage>'}.define.${key}, read it as ${BUILD_CONFIG_GLOBAL}.${key}, and build with --stage ${stage ?? '<stage>'}.`,
      },
    );
  }

  private relative(path: string): string {
    return toPosix(relative(this.settings.root, path));
  }
}

function where(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column}`;
}

function moduleSizes(output: Metafile['outputs'][string]) {
  return groupModuleSizes(
    Object.entries(output.inputs).map(([path, input]) => [path, input.bytesInOutput]),
    packageOf,
  );
}

function dependencyEnvironmentWarnings(reads: Finding[]): string[] {
  const byPackage = new Map<string, Set<string>>();
  for (const read of reads) {
    const name = read.dependency ?? read.file;
    const keys = byPackage.get(name) ?? new Set<string>();
    keys.add(read.key ?? '(dynamic)');
    byPackage.set(name, keys);
  }
  return [...byPackage].map(
    ([name, keys]) =>
      `${name} reads process.env (${[...keys].sort().join(', ')}); Lambda@Edge sets none of these, so it gets its defaults.`,
  );
}

/** esbuild's warnings about the workspace's own code and about edge traps; not deps' lint. */
function isOwnWarning(message: Message): boolean {
  if (message.pluginName === 'edge-traps') return true;
  return !message.location?.file.includes('node_modules');
}

export function formatMessage(message: Message, kind: 'error' | 'warning'): string {
  const location = message.location
    ? `${toPosix(message.location.file)}:${message.location.line}:${message.location.column + 1}: `
    : '';
  const notes = message.notes.map((note) => `\n    ${note.text}`).join('');
  return `${location}${kind}: ${message.text}${notes}`;
}

function buildFailure(fn: FunctionPackage, root: string, error: unknown): Error {
  const messages = (error as { errors?: Message[] }).errors;
  if (!Array.isArray(messages) || messages.length === 0) return error as Error;
  return new ToolsError(
    'build',
    `Function "${fn.name}" does not build:\n${messages.map((m) => `  ${formatMessage(m, 'error')}`).join('\n')}`,
    { hint: `Fix the code at the place shown (paths are relative to ${root}).` },
  );
}
