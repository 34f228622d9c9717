/**
 * `edge dev` without the terminal: builds every function with the same builder `edge build`
 * uses, runs each bundle in a Lambda-like container, serves them behind the local CloudFront
 * pipeline, and rebuilds + reloads one function when its sources change. Exported so tests
 * (and scripts) can start and stop a session with a project object.
 */

import { join } from 'node:path';
import {
  createFunction,
  createPipeline,
  type EdgeFunction,
  type EdgeServer,
  formatTrace,
  type Pipeline,
  PipelineConfigError,
  type RequestTrace,
  startEdgeServer,
} from '@edge-app/runtime';
import { createFunctionBuilder } from '../build/index.ts';
import type { BuiltFunction } from '../build/types.ts';
import { EdgeUserError } from '../errors.ts';
import type { Project } from '../project.ts';
import { watchFile, watchSources } from './watch.ts';

export interface DevOptions {
  project: Project;
  host?: string;
  /** 0 picks a free port; default `config.dev.port`, else 8787. */
  port?: number;
  /** `false`: every request goes to the origin. */
  cache?: boolean;
  /** Watch function sources and reload on change (default true). */
  watch?: boolean;
  debounceMs?: number;
  /** Where trace lines and notices go; console.log by default. */
  log?: (line: string) => void;
  color?: boolean;
  /** Told after a function was rebuilt and reloaded, or failed to build. */
  onReload?: (event: ReloadEvent) => void;
}

export type ReloadEvent =
  | { name: string; ok: true; built: BuiltFunction; durationMs: number }
  | { name: string; ok: false; error: Error };

export interface DevSession {
  url: string;
  port: number;
  server: EdgeServer;
  pipeline: Pipeline;
  built: BuiltFunction[];
  functions: ReadonlyMap<string, EdgeFunction>;
  /** Rebuilds one function and switches later requests to it; in-flight ones finish. */
  reload(name: string): Promise<void>;
  purge(): number;
  close(): Promise<void>;
}

export const DEFAULT_DEV_PORT = 8787;
const CONFIG_FILE = 'edge.config.ts';

export async function startDev(options: DevOptions): Promise<DevSession> {
  const { project } = options;
  const { config } = project;
  const log = options.log ?? ((line: string) => console.log(line));
  const builder = await createFunctionBuilder({ project, incremental: true, zip: false });
  const functions = new Map<string, EdgeFunction>();
  let server: EdgeServer | undefined;
  let stopWatching = () => {};
  const closeAll = async () => {
    stopWatching();
    await server?.close();
    pipeline?.close();
    await Promise.allSettled([...functions.values()].map((fn) => fn.dispose()));
    await builder.dispose();
  };
  let pipeline: Pipeline | undefined;
  let built: BuiltFunction[];
  try {
    built = await builder.build();
    for (const fn of built) functions.set(fn.name, createFunctionFor(project, fn));
    pipeline = createPipeline({
      config,
      functions,
      root: project.root,
      cache: options.cache,
      onTrace: (trace: RequestTrace) => log(formatTrace(trace, { color: options.color })),
    });
    server = await startEdgeServer({
      pipeline,
      host: options.host,
      port: options.port ?? config.dev?.port ?? DEFAULT_DEV_PORT,
      onPurge: (count) => log(`cache purged (${count} object${count === 1 ? '' : 's'})`),
    });
  } catch (error) {
    await closeAll();
    throw toUserError(error, options);
  }
  const activePipeline = pipeline;
  const reload = serialized(async (name: string) => {
    const started = performance.now();
    try {
      const rebuilt = await builder.rebuild(name);
      await functions.get(name)?.reload(rebuilt.entry);
      activePipeline.purge();
      const durationMs = performance.now() - started;
      log(`↻ ${name} rebuilt and reloaded in ${Math.round(durationMs)} ms (cache purged)`);
      options.onReload?.({ name, ok: true, built: rebuilt, durationMs });
    } catch (error) {
      const err = error as Error;
      // Keep serving the last good build; the next save tries again.
      log(`✖ ${name} failed to build; still serving the previous version.\n${indent(err.message)}`);
      options.onReload?.({ name, ok: false, error: err });
    }
  });
  if (options.watch !== false) {
    const stopSources = watchSources(
      project.functions,
      (name) => void reload(name),
      options.debounceMs ?? 80,
      (name, error) => log(`watching ${name} stopped: ${error.message}`),
    );
    // Behaviors, origins and associations are read once; say so instead of serving stale ones silently.
    const stopConfig = watchFile(join(project.root, CONFIG_FILE), options.debounceMs ?? 80, () =>
      log(`${CONFIG_FILE} changed: restart \`pnpm dev\` to apply it.`),
    );
    stopWatching = () => {
      stopSources();
      stopConfig();
    };
  }
  return {
    url: server.url,
    port: server.port,
    server,
    pipeline: activePipeline,
    built,
    functions,
    reload,
    purge: () => activePipeline.purge(),
    close: closeAll,
  };
}

function createFunctionFor(project: Project, fn: BuiltFunction): EdgeFunction {
  const { config } = project;
  const settings = config.functions?.[fn.name] ?? {};
  return createFunction(fn.entry, {
    eventType: fn.eventType,
    functionName: fn.name,
    handlerName: fn.handlerName,
    profile: config.profile,
    limits: config.limits?.[fn.eventType],
    validation: config.validation,
    memoryMB: settings.memoryMB,
    timeoutSeconds: settings.timeoutSeconds,
  });
}

/** One rebuild per function at a time; a change during a rebuild queues one more. */
function serialized(task: (name: string) => Promise<void>): (name: string) => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  const start = (name: string): Promise<void> => {
    const promise = task(name).finally(() => running.delete(name));
    running.set(name, promise);
    return promise;
  };
  return (name) => {
    const current = running.get(name);
    if (!current) return start(name);
    let next = queued.get(name);
    if (!next) {
      next = current.then(() => {
        queued.delete(name);
        return start(name);
      });
      queued.set(name, next);
    }
    return next;
  };
}

function toUserError(error: unknown, options: DevOptions): unknown {
  if (error instanceof PipelineConfigError) return new EdgeUserError(error.message, error.fix);
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') {
    return new EdgeUserError(
      `Port ${options.port ?? options.project.config.dev?.port ?? DEFAULT_DEV_PORT} is already in use.`,
      'Stop the other server, or pick another port with `--port <n>` (0 picks a free one).',
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new EdgeUserError(
      `Cannot listen on host "${options.host}".`,
      'Use an address of this machine, e.g. `--host 127.0.0.1`.',
    );
  }
  return error;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
