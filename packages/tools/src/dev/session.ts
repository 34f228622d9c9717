/**
 * `edge dev` without the terminal: builds every function with the same builder `edge build`
 * uses, runs each bundle in a Lambda-like container, serves them behind the local CloudFront
 * pipeline on one socket, rebuilds + reloads a function when its sources change, and applies
 * edge.config.ts changes without dropping the socket. Exported so tests (and scripts) can
 * start and stop a session with a project object.
 */
import { join } from 'node:path';
import {
  type EdgeFunction,
  type EdgeServer,
  INSPECTOR_PATH,
  type Pipeline,
  PipelineConfigError,
  RequestStore,
  RuntimeSetupError,
  startEdgeServer,
} from '@edge-app/runtime';
import type { BuiltFunction } from '../build/types.ts';
import { ToolsError } from '../errors.ts';
import type { Project } from '../project.ts';
import { bootGeneration, type Generation, indent, type ReloadEvent } from './generation.ts';
import { serialized } from './serialized.ts';
import { watchFile } from './watch.ts';

export type { ReloadEvent } from './generation.ts';

export interface DevOptions {
  project: Project;
  /**
   * Reads the project again when edge.config.ts changes (`loadProject(root)` in `edge dev`).
   * Without it a change is only reported, since the in-memory config cannot be re-read.
   */
  loadProject?: () => Promise<Project>;
  host?: string;
  /** 0 picks a free port; default `config.dev.port`, else 8787. */
  port?: number;
  /** `false`: every request goes to the origin. */
  cache?: boolean;
  /**
   * CloudFront's error pages exactly as AWS sends them, without the dev banner that links to
   * the request in the inspector (`edge dev --exact-errors`).
   */
  exactErrors?: boolean;
  /** Watch sources and edge.config.ts (default true). */
  watch?: boolean;
  debounceMs?: number;
  /** Where trace lines and notices go; console.log by default. */
  log?: (line: string) => void;
  color?: boolean;
  /** Told after a function was rebuilt and reloaded, or failed to build. */
  onReload?: (event: ReloadEvent) => void;
  /** Told after an edge.config.ts change was applied, or could not be. */
  onConfigReload?: (event: { ok: true } | { ok: false; error: Error }) => void;
}

export interface DevSession {
  url: string;
  port: number;
  server: EdgeServer;
  /** The request inspector's page: `<url>/__edge/`. */
  inspectorUrl: string;
  /** The requests the inspector shows. */
  readonly requests: RequestStore;
  /** The current generation's; they change when edge.config.ts is applied again. */
  readonly pipeline: Pipeline;
  readonly built: BuiltFunction[];
  readonly functions: ReadonlyMap<string, EdgeFunction>;
  /** Rebuilds one function and switches later requests to it; in-flight ones finish. */
  reload(name: string): Promise<void>;
  purge(): number;
  /** Stops serving; requests in flight get a second to finish, then are cut off. */
  close(): Promise<void>;
}

export const DEFAULT_DEV_PORT = 8787;
const CONFIG_FILE = 'edge.config.ts';
/** How long requests in flight may take to finish when the session closes. */
const CLOSE_GRACE_MS = 1_000;

export async function startDev(options: DevOptions): Promise<DevSession> {
  const log = options.log ?? ((line: string) => console.log(line));
  const debounceMs = options.debounceMs ?? 80;
  // One store for the whole session: it outlives the generations an edge.config.ts edit makes.
  const requests = new RequestStore();
  const settings = {
    cache: options.cache,
    color: options.color,
    debounceMs,
    log,
    record: requests.record,
    onReload: options.onReload,
  };
  let current: Generation;
  try {
    current = await bootGeneration(options.project, settings);
  } catch (error) {
    throw toUserError(error, options);
  }
  let server: EdgeServer;
  try {
    server = await startEdgeServer({
      // Through `current`, so a new generation takes over the socket without a restart.
      pipeline: {
        handler: (req, res, handlerOptions) => current.handle(req, res, handlerOptions),
        purge: (paths) => current.pipeline.purge(paths),
        request: (path, init) => current.request(path, init ?? {}),
      },
      host: options.host,
      port: listenPort(options),
      onPurge: (count) => log(purgeNotice(count)),
      inspector: requests,
      errorBanner: options.exactErrors !== true,
    });
  } catch (error) {
    await current.retire();
    throw toUserError(error, options);
  }

  const applyConfig = serialized(async () => {
    const { loadProject } = options;
    if (!loadProject) {
      log(`${CONFIG_FILE} changed: restart \`pnpm dev\` to apply it.`);
      return;
    }
    try {
      const next = await bootGeneration(await loadProject(), settings);
      const previous = current;
      current = next;
      if (options.watch !== false) next.watch();
      log(
        `↻ ${CONFIG_FILE} applied (${next.built.length} function${next.built.length === 1 ? '' : 's'}, cache emptied)`,
      );
      options.onConfigReload?.({ ok: true });
      await previous.retire();
    } catch (error) {
      const converted = toUserError(error, options) as Error;
      const hint = converted instanceof ToolsError && converted.hint ? `\n  ${converted.hint}` : '';
      log(
        `✖ ${CONFIG_FILE} could not be applied; still serving the previous one.\n${indent(converted.message)}${hint}`,
      );
      options.onConfigReload?.({ ok: false, error: converted });
    }
  });

  let stopConfigWatch = () => {};
  if (options.watch !== false) {
    current.watch();
    stopConfigWatch = watchFile(
      join(options.project.root, CONFIG_FILE),
      debounceMs,
      () => void applyConfig(''),
    );
  }
  return {
    url: server.url,
    port: server.port,
    server,
    inspectorUrl: `${server.url}${INSPECTOR_PATH}`,
    requests,
    get pipeline() {
      return current.pipeline;
    },
    get built() {
      return current.built;
    },
    get functions() {
      return current.functions;
    },
    reload: (name) => current.reload(name),
    purge: () => {
      const purged = current.pipeline.purge();
      requests.notePurge(purged);
      return purged;
    },
    async close() {
      stopConfigWatch();
      // Requests in flight get a moment to finish; then their connections are cut, so that a
      // slow handler (up to 30 s for origin events) cannot hold up stopping.
      const cut = setTimeout(() => server.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await server.close();
        await current.retire();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}

/** `--port`, else `dev.port` in edge.config.ts, else the default. */
function listenPort(options: Pick<DevOptions, 'port' | 'project'>): number {
  return options.port ?? options.project.config.dev?.port ?? DEFAULT_DEV_PORT;
}

/** The line both ways of purging (`p` in the terminal, `POST /__edge/purge`) print. */
export function purgeNotice(count: number): string {
  return `cache purged (${count} object${count === 1 ? '' : 's'})`;
}

/** What went wrong starting the session, as the user's error when it is theirs to fix. */
export function toUserError(
  error: unknown,
  options: Pick<DevOptions, 'host' | 'port' | 'project'>,
): unknown {
  if (error instanceof PipelineConfigError)
    return new ToolsError('dev', error.message, { hint: error.hint, cause: error });
  // The runtime could not run a function at all (e.g. no python3): the user's setup to fix.
  if (error instanceof RuntimeSetupError)
    return new ToolsError('dev', error.message, { hint: error.hint });
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') {
    return new ToolsError('dev', `Port ${listenPort(options)} is already in use.`, {
      hint: 'Stop the other server, or pick another port with `--port <n>` (0 picks a free one).',
    });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new ToolsError('dev', `Cannot listen on host "${options.host}".`, {
      hint: 'Use an address of this machine, e.g. `--host 127.0.0.1`.',
    });
  }
  return error;
}
