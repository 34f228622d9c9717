/**
 * One generation of a dev session: the functions built from one reading of the project, their
 * containers and the pipeline in front of them. A source change rebuilds and reloads one
 * function inside the generation; an edge.config.ts change boots a new generation and retires
 * this one once its requests in flight have been answered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createFunction,
  createPipeline,
  type EdgeFunction,
  formatNotice,
  formatTrace,
  localContainerLimit,
  type NodeHandlerOptions,
  type Pipeline,
  type PipelineRequestInit,
  type PipelineResponse,
  type RequestTrace,
} from '@edge-app/runtime';
import { createFunctionBuilder } from '../build/index.ts';
import type { BuiltFunction, FunctionBuilder } from '../build/types.ts';
import type { Project } from '../project.ts';
import { assertPythonAvailable } from './python-check.ts';
import { serialized } from './serialized.ts';
import { type SourceWatcher, watchSources } from './watch.ts';

export type ReloadEvent =
  | { name: string; ok: true; built: BuiltFunction; durationMs: number }
  | { name: string; ok: false; error: Error };

export interface GenerationSettings {
  cache?: boolean;
  color?: boolean;
  debounceMs: number;
  log: (line: string) => void;
  /** Keeps each request for the inspector (the session's RequestStore). */
  record?: (trace: RequestTrace, response?: PipelineResponse) => void;
  onReload?: (event: ReloadEvent) => void;
}

export interface Generation {
  project: Project;
  built: BuiltFunction[];
  functions: ReadonlyMap<string, EdgeFunction>;
  pipeline: Pipeline;
  /** The pipeline's node:http listener, counting requests in flight. */
  handle(req: IncomingMessage, res: ServerResponse, options?: NodeHandlerOptions): void;
  /** A request sent in-process (the inspector's replay), counted in flight like the others. */
  request(path: string, init: PipelineRequestInit): Promise<PipelineResponse>;
  /** Rebuilds one function and switches later requests to it; in-flight ones finish. */
  reload(name: string): Promise<void>;
  /** Starts watching the functions' sources. */
  watch(): void;
  /** Stops watching, waits for requests in flight, disposes containers and the builder. */
  retire(): Promise<void>;
}

export async function bootGeneration(
  project: Project,
  settings: GenerationSettings,
): Promise<Generation> {
  const { log } = settings;
  const builder: FunctionBuilder = await createFunctionBuilder({
    project,
    incremental: true,
    zip: false,
  });
  const functions = new Map<string, EdgeFunction>();
  let pipeline: Pipeline | undefined;
  const dispose = async () => {
    pipeline?.close();
    await Promise.allSettled([...functions.values()].map((fn) => fn.dispose()));
    await builder.dispose();
  };
  let built: BuiltFunction[];
  try {
    built = await builder.build();
    assertPythonAvailable(built);
    for (const fn of built) functions.set(fn.name, createFunctionFor(project, fn, log));
    pipeline = createPipeline({
      config: project.config,
      functions,
      root: project.root,
      cache: settings.cache,
      onTrace: (trace, response) => {
        log(formatTrace(trace, { color: settings.color }));
        try {
          settings.record?.(trace, response);
        } catch (error) {
          // The inspector missing a request must not fail the request itself.
          log(
            `inspector: could not keep ${trace.method} ${trace.url}: ${(error as Error).message}`,
          );
        }
      },
    });
  } catch (error) {
    await dispose();
    throw error;
  }
  const active = pipeline;
  // Every function's first container starts now, side by side, rather than one after another
  // on the first request. A failed init is reported by the first event, as Lambda would.
  for (const fn of functions.values()) void fn.warm?.();

  let inFlight = 0;
  let drained: (() => void) | undefined;
  const settle = () => {
    inFlight--;
    if (inFlight === 0) drained?.();
  };
  const handle = (req: IncomingMessage, res: ServerResponse, options?: NodeHandlerOptions) => {
    inFlight++;
    res.once('close', settle);
    active.handler(req, res, options);
  };
  const request = (path: string, init: PipelineRequestInit) => {
    inFlight++;
    return active.request(path, init).finally(settle);
  };

  let watcher: SourceWatcher | undefined;
  const targetOf = (fn: BuiltFunction) => ({
    name: fn.name,
    dir: project.functions.find((pkg) => pkg.name === fn.name)?.dir ?? project.root,
    inputs: fn.inputs,
  });

  const reload = serialized(async (name: string) => {
    const started = performance.now();
    try {
      const rebuilt = await builder.rebuild(name);
      await functions.get(name)?.reload(rebuilt.entry);
      // Its imports may have changed: watch what this build was made from.
      watcher?.update(targetOf(rebuilt));
      const index = built.findIndex((fn) => fn.name === name);
      if (index !== -1) built[index] = rebuilt;
      active.purge();
      const durationMs = performance.now() - started;
      log(`↻ ${name} rebuilt and reloaded in ${Math.round(durationMs)} ms (cache purged)`);
      settings.onReload?.({ name, ok: true, built: rebuilt, durationMs });
    } catch (error) {
      const err = error as Error;
      // Keep serving the last good build; the next save tries again.
      log(`✖ ${name} failed to build; still serving the previous version.\n${indent(err.message)}`);
      settings.onReload?.({ name, ok: false, error: err });
    }
  });

  return {
    project,
    built,
    functions,
    pipeline: active,
    handle,
    request,
    reload,
    watch() {
      watcher?.close();
      watcher = watchSources(
        built.map(targetOf),
        (name) => void reload(name),
        settings.debounceMs,
        (name, error) => log(`watching ${name} stopped: ${error.message}`),
      );
    },
    async retire() {
      watcher?.close();
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      await dispose();
    },
  };
}

/**
 * A built function in its containers, with the settings edge.config.ts gives it: how `edge dev`
 * runs each function, and `edge invoke` the one it is asked for. `includeBody` is the
 * association's (only `edge invoke` needs it: the pipeline exposes the body itself).
 */
export function createFunctionFor(
  project: Project,
  fn: BuiltFunction,
  log: (line: string) => void,
  { includeBody }: { includeBody?: boolean } = {},
): EdgeFunction {
  const { config } = project;
  const settings = config.functions?.[fn.name] ?? {};
  return createFunction(fn.entry, {
    ...(includeBody === undefined ? {} : { includeBody }),
    runtime: settings.runtime,
    // A container that ended between requests, or a runtime whose Node.js is missing: said now.
    onNotice: (notice) => log(formatNotice(notice)),
    eventType: fn.eventType,
    functionName: fn.name,
    handlerName: fn.handlerName,
    profile: config.profile,
    limits: config.limits?.[fn.eventType],
    validation: config.validation,
    memoryMB: settings.memoryMB,
    timeoutSeconds: settings.timeoutSeconds,
    // One container per core, at most four: fewer processes to start and warm up on small machines.
    maxContainers: localContainerLimit(),
  });
}

export function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
