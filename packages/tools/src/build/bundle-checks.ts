/**
 * Checks that run on a bundle after esbuild wrote it: reads of `process.env` and of
 * build-time keys the stage does not define. They look at the minified output, where
 * comments and tree-shaken code are gone, and point at the source through the source map.
 */
import { relative, resolve } from 'node:path';
import { BUILD_CONFIG_GLOBAL } from './build-config.ts';
import { toPosix } from './output.ts';
import { type RawSourceMap, SourceMapLookup } from './source-map.ts';

/**
 * Variables the Lambda runtime sets itself; Lambda@Edge allows only these
 * (docs/cloudfront-rules.md#unsupported-lambda-features: "environment variables (the reserved ones
 * set automatically by Lambda are allowed)"). The list is the "Reserved environment variables"
 * table of
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 * plus the unreserved ones the runtime always sets (LANG, PATH, TZ, NODE_PATH, ...).
 */
export const LAMBDA_RUNTIME_VARIABLES: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
  'TZ',
  'LANG',
  'PATH',
  'LD_LIBRARY_PATH',
  'NODE_PATH',
]);

export interface Finding {
  /** Relative to the project root, e.g. `packages/auth/src/index.ts`. */
  file: string;
  line: number;
  column: number;
  /** The key read, when the code names one. */
  key?: string;
  /** The npm package the code belongs to, when it is a dependency. */
  dependency?: string;
}

export interface BundleFindings {
  /** `process.env` reads in the workspace's own code: build errors. */
  environmentReads: Finding[];
  /** `process.env` reads inside dependencies: warnings (libraries read optional settings). */
  dependencyEnvironmentReads: Finding[];
  /** `EDGE_CONFIG.<KEY>` reads the stage does not define: build errors. */
  undefinedConfigReads: Finding[];
}

const IDENTIFIER = '[A-Za-z_$][\\w$]*';
// Not preceded by an identifier character or a dot, so `foo.process.env` does not match.
const PROCESS_ENV = new RegExp(`(?<![\\w$.])process\\.env\\b(?:\\.(${IDENTIFIER}))?`, 'g');
const CONFIG_READ = new RegExp(
  `(?<![\\w$.])${BUILD_CONFIG_GLOBAL}\\b(?:\\.(${IDENTIFIER}))?(?![\\w$])`,
  'g',
);

export function checkBundle(options: {
  code: string;
  sourceMap: string;
  /** Directory of the bundle; the map's sources are relative to it. */
  outDir: string;
  root: string;
}): BundleFindings {
  const findings: BundleFindings = {
    environmentReads: [],
    dependencyEnvironmentReads: [],
    undefinedConfigReads: [],
  };
  const matches = [
    ...[...options.code.matchAll(PROCESS_ENV)].map((match) => ({ match, kind: 'env' as const })),
    ...[...options.code.matchAll(CONFIG_READ)].map((match) => ({ match, kind: 'config' as const })),
  ];
  if (matches.length === 0) return findings;

  const lookup = new SourceMapLookup(JSON.parse(options.sourceMap) as RawSourceMap);
  const lineStarts = lineStartOffsets(options.code);
  for (const { match, kind } of matches) {
    const key = match[1];
    if (kind === 'env' && key !== undefined && LAMBDA_RUNTIME_VARIABLES.has(key)) continue;
    const finding = locate(match.index, lineStarts, lookup, options);
    if (!finding) continue;
    if (key !== undefined) finding.key = key;
    if (kind === 'config') findings.undefinedConfigReads.push(finding);
    else if (finding.dependency) findings.dependencyEnvironmentReads.push(finding);
    else findings.environmentReads.push(finding);
  }
  return findings;
}

function locate(
  offset: number,
  lineStarts: number[],
  lookup: SourceMapLookup,
  options: { outDir: string; root: string },
): Finding | undefined {
  const line = lineIndex(lineStarts, offset);
  const column = offset - (lineStarts[line] ?? 0);
  const original = lookup.originalPosition(line, column);
  if (!original) return { file: '(bundle)', line: line + 1, column: column + 1 };
  // esbuild maps a string literal as one token, to its opening quote: a match there is text
  // inside a string (an error message, say), not a read.
  if (original.text !== undefined && /^['"`]/.test(original.text)) return undefined;
  const file = toPosix(relative(options.root, resolve(options.outDir, original.source)));
  const finding: Finding = { file, line: original.line, column: original.column };
  const dependency = packageOf(file);
  if (dependency) finding.dependency = dependency;
  return finding;
}

/** The npm package a path belongs to: the part after its last `node_modules/`. */
export function packageOf(path: string): string | undefined {
  const marker = 'node_modules/';
  const at = path.lastIndexOf(marker);
  if (at < 0) return undefined;
  const parts = path.slice(at + marker.length).split('/');
  const [first, second] = parts;
  if (!first) return undefined;
  return first.startsWith('@') && second ? `${first}/${second}` : first;
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineIndex(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
