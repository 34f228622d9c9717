/**
 * `createFunction`: one deployed function as Lambda runs it. Containers are created on demand
 * (cold start), reused while idle (warm), and a new one is started when every container is
 * busy, up to `maxContainers`, as Lambda scales out. A container that died is replaced on the
 * next invocation. `reload` switches later invocations to a fresh container of the rebuilt
 * module while in-flight ones finish on the old one.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import {
  type AnyEvent,
  type EventType,
  InvalidEventError,
  isEvent,
  normalizeEvent,
} from '@edge-app/events';
import { nodeContainerEntry } from './assets.ts';
import {
  type Container,
  type ContainerResult,
  type ContainerSettings,
  containerGlobals,
  type IdleEnding,
} from './container.ts';
import { RuntimeSetupError } from './errors.ts';
import { InlineContainer } from './inline-container.ts';
import { asJsonData } from './json-data.ts';
import { defaultFunctionName, type ModuleSource, prepareModule } from './module-source.ts';
import { NodeContainer } from './node-container.ts';
import { DEFAULT_NODE_RUNTIME, NODE_RUNTIMES, resolveNodeBinary } from './node-runtime.ts';
import { endedWarning, printNotice } from './notices.ts';
import { toOutcome } from './outcome.ts';
import { ContainerGone } from './process-container.ts';
import { PythonContainer } from './python-container.ts';
import { eventTypeFor, resolveSettings } from './settings.ts';
import type {
  CreateFunctionOptions,
  EdgeFunction,
  FunctionNotice,
  HandlerRef,
  InvokeOutcome,
} from './types.ts';

/** Lambda@Edge associations name a numbered version, never $LATEST (docs/cloudfront-rules.md#deploy-versions). */
const FUNCTION_VERSION = '1';
const DEFAULT_MAX_CONTAINERS = 4;

/**
 * Containers per function for a local server such as `edge dev`: one per core, at most the
 * default. Each container is a process with its own heap, start-up and JIT warm-up; on a
 * two-core machine four per function (sixteen for four triggers) only take turns on the same
 * cores. The default itself stays at Lambda-like scale-out for tests and one-off invocations.
 */
export function localContainerLimit(): number {
  return Math.min(DEFAULT_MAX_CONTAINERS, availableParallelism());
}

/** Runtimes whose fallback to the host's Node.js has been announced in this process. */
const announcedFallbacks = new Set<string>();

interface Pooled {
  container: Container;
  memoryMB: number;
  generation: number;
}

class LocalEdgeFunction implements EdgeFunction {
  readonly eventType: EventType | undefined;
  private handler: HandlerRef;
  private source: Promise<ModuleSource> | undefined;
  private generation = 0;
  private idle: Pooled[] = [];
  private live = 0;
  /** Containers starting ahead of the first event (warm()); events wait for them. */
  private warming = 0;
  private waiting: Array<() => void> = [];
  private disposed = false;
  /** A container that ended while idle, told to the next invocation. */
  private ended: Extract<FunctionNotice, { kind: 'container-ended' }> | undefined;
  private readonly functionName: string;
  private readonly settings = new Map<EventType, ReturnType<typeof resolveSettings>>();

  constructor(
    handler: HandlerRef,
    private readonly options: CreateFunctionOptions,
  ) {
    if (options.runtime !== undefined && !NODE_RUNTIMES.includes(options.runtime)) {
      throw new RuntimeSetupError(
        `"${String(options.runtime)}" is not a Node.js runtime Lambda@Edge accepts.`,
        `Use one of ${NODE_RUNTIMES.join(', ')} (functions.<name>.runtime in edge.config.ts).`,
      );
    }
    this.handler = handler;
    this.eventType = options.eventType;
    this.functionName =
      options.functionName ??
      (typeof handler === 'string' ? defaultFunctionName(handler) : handler.name || 'handler');
  }

  async invoke(event: AnyEvent): Promise<InvokeOutcome> {
    if (this.disposed) {
      throw new RuntimeSetupError(
        `The function ${this.functionName} was disposed.`,
        'Create a new one with createFunction().',
      );
    }
    const eventType = eventTypeFor(event, this.eventType);
    const settings = this.settingsFor(eventType);
    if ('rule' in settings) {
      return { kind: 'error', ...settings, logs: [], durationMs: 0, memoryUsedMB: 0, warnings: [] };
    }
    const complete = completeEvent(event, eventType);
    const received = this.options.includeBody === false ? withoutBody(complete) : complete;
    const data = asJsonData(received);
    if (!data.ok) {
      throw new RuntimeSetupError(
        `The event cannot be encoded as JSON, as Lambda sends it: ${data.error.message}`,
        'Pass plain data (no cycles, BigInt or functions), e.g. an event from the @edge-app/events builders.',
      );
    }
    const request = {
      event: data.value,
      timeoutMs: settings.timeoutSeconds * 1000,
      requestId: randomUUID(),
    };
    let result: ContainerResult | undefined;
    while (!result) {
      const pooled = await this.acquire(settings.memoryMB);
      try {
        result = await pooled.container.invoke(request);
      } catch (error) {
        // It ended between being handed out and the invocation: run it in another.
        if (!(error instanceof ContainerGone)) throw error;
      } finally {
        this.release(pooled);
      }
    }
    const outcome = toOutcome(result, {
      eventType,
      event: received,
      limits: settings.limits,
      validation: this.options.validation ?? 'error',
    });
    if (this.ended && result.initDurationMs !== undefined) {
      outcome.warnings.unshift(endedWarning(this.ended));
      this.ended = undefined;
    }
    return outcome;
  }

  /** The options do not change, so neither do the settings of an event type: resolve once. */
  private settingsFor(eventType: EventType): ReturnType<typeof resolveSettings> {
    let settings = this.settings.get(eventType);
    if (!settings) {
      settings = resolveSettings(eventType, this.options);
      this.settings.set(eventType, settings);
    }
    return settings;
  }

  async warm(): Promise<void> {
    if (this.disposed || this.live > 0 || !this.eventType) return;
    const settings = this.settingsFor(this.eventType);
    if ('rule' in settings) return;
    this.live++;
    this.warming++;
    const generation = this.generation;
    let container: Container;
    try {
      container = await this.createContainer(settings.memoryMB);
    } catch {
      // A setup problem (no Python, a compile error) is reported by the first invocation.
      this.warming--;
      this.live--;
      this.wakeAll();
      return;
    }
    const ready = await container.start().catch(() => false);
    this.warming--;
    // A failed init is retried, and reported, by the first invocation, as Lambda does.
    this.release({ container, memoryMB: settings.memoryMB, generation }, ready);
    // Events that waited for it may now start containers of their own, as Lambda scales out.
    this.wakeAll();
  }

  async reload(modulePath?: string): Promise<void> {
    if (modulePath !== undefined) this.handler = modulePath;
    this.generation++;
    this.source = undefined;
    this.ended = undefined;
    const stale = this.idle.splice(0);
    this.live -= stale.length;
    await Promise.all(stale.map((entry) => entry.container.dispose()));
    this.wakeOne();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.generation++;
    this.wakeAll();
    const idle = this.idle.splice(0);
    this.live -= idle.length;
    await Promise.all(idle.map((entry) => entry.container.dispose()));
  }

  private async acquire(memoryMB: number): Promise<Pooled> {
    const max = Math.max(1, this.options.maxContainers ?? DEFAULT_MAX_CONTAINERS);
    for (;;) {
      // The container released last, as Lambda tends to reuse the most recent environment.
      const index = this.idle.findLastIndex((entry) => entry.memoryMB === memoryMB);
      if (index >= 0) return this.idle.splice(index, 1)[0] as Pooled;
      // A container warming up is nearer to ready than a new one would be.
      if (this.live < max && this.warming === 0) break;
      // A container of another memory size may be idle; retire it to make room.
      const other = this.warming === 0 ? this.idle.shift() : undefined;
      if (other) {
        this.live--;
        await other.container.dispose();
        continue;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.disposed) {
        throw new RuntimeSetupError(
          `The function ${this.functionName} was disposed.`,
          'Create a new one with createFunction().',
        );
      }
    }
    this.live++;
    const generation = this.generation;
    try {
      return { container: await this.createContainer(memoryMB), memoryMB, generation };
    } catch (error) {
      this.live--;
      this.wakeOne();
      throw error;
    }
  }

  private release(entry: Pooled, keep = true): void {
    if (keep && !this.disposed && entry.container.usable && entry.generation === this.generation) {
      this.idle.push(entry);
    } else {
      this.live--;
      void entry.container.dispose();
    }
    this.wakeOne();
  }

  private wakeOne(): void {
    this.waiting.shift()?.();
  }

  private wakeAll(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** A container that died while idle leaves the pool at once, and the developer is told. */
  private endedWhileIdle(container: Container, ending: IdleEnding): void {
    const index = this.idle.findIndex((entry) => entry.container === container);
    if (index >= 0) {
      this.idle.splice(index, 1);
      this.live--;
      void container.dispose();
      this.wakeOne();
    }
    const notice = {
      kind: 'container-ended' as const,
      functionName: this.functionName,
      ...ending.failure,
      logs: ending.logs,
    };
    this.ended = notice;
    this.notify(notice);
  }

  private notify(notice: FunctionNotice): void {
    (this.options.onNotice ?? printNotice)(notice);
  }

  private async createContainer(memoryMB: number): Promise<Container> {
    let container: Container | undefined;
    const settings: ContainerSettings = {
      handlerName: this.options.handlerName ?? 'handler',
      functionName: this.functionName,
      functionVersion: FUNCTION_VERSION,
      memoryMB,
      globals: containerGlobals(this.options.globals),
      onIdleEnding: (ending) => {
        if (container) this.endedWhileIdle(container, ending);
      },
    };
    const handler = this.handler;
    if (typeof handler !== 'string') return new InlineContainer(handler, settings);
    const runtime = this.options.runtime ?? DEFAULT_NODE_RUNTIME;
    this.source ??= prepareModule(handler, runtime);
    const source = await this.source.catch((error: unknown) => {
      this.source = undefined;
      throw error;
    });
    if (source.language === 'python') {
      const python = this.options.python ?? process.env.EDGE_PYTHON ?? 'python3';
      const python3 = new PythonContainer(source, settings, python);
      container = python3;
      return python3;
    }
    const [binary, entry] = await Promise.all([resolveNodeBinary(runtime), nodeContainerEntry()]);
    if (binary.fallback && !announcedFallbacks.has(runtime)) {
      announcedFallbacks.add(runtime);
      this.notify({
        kind: 'runtime-fallback',
        functionName: this.functionName,
        runtime,
        version: binary.version,
        reason: binary.fallback,
      });
    }
    const node = new NodeContainer(source, settings, { binary, entry });
    container = node;
    return node;
  }
}

/** CloudFront exposes the body only to associations with IncludeBody (docs/cloudfront-rules.md#request-body). */
function withoutBody(event: AnyEvent): AnyEvent {
  const request = event.Records[0].cf.request as { body?: unknown };
  if (request.body === undefined) return event;
  const copy = structuredClone(event);
  delete (copy.Records[0].cf.request as { body?: unknown }).body;
  return copy;
}

export function createFunction(
  handler: HandlerRef,
  options: CreateFunctionOptions = {},
): EdgeFunction {
  return new LocalEdgeFunction(handler, options);
}

/**
 * The event as CloudFront would send it: a test event that leaves out a part CloudFront always
 * supplies (the SAM CLI's samples have no origin, no eventType, sometimes no querystring) is
 * completed as CloudFront fills it, so a function is never blamed for what the event lacked;
 * one with a part of the wrong kind is refused as a setup mistake that names the part
 * (docs/cloudfront-rules.md#event-envelope).
 */
function completeEvent(event: AnyEvent, eventType: EventType): AnyEvent {
  if (isEvent(event, eventType)) return event;
  try {
    return normalizeEvent(event, { eventType });
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    throw new RuntimeSetupError(
      `The event is not one CloudFront sends: ${error.message}`,
      error.fix,
      {
        cause: error,
      },
    );
  }
}
