/**
 * `createFunction`: one deployed function as Lambda runs it. Containers are created on demand
 * (cold start), reused while idle (warm), and a new one is started when every container is
 * busy, up to `maxContainers`, as Lambda scales out. A container that died is replaced on the
 * next invocation. `reload` switches later invocations to a fresh container of the rebuilt
 * module while in-flight ones finish on the old one.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { AnyEvent, EventType } from '@edge-app/events';
import {
  type Container,
  type ContainerResult,
  type ContainerSettings,
  containerGlobals,
} from './container.ts';
import { RuntimeSetupError } from './errors.ts';
import { InlineContainer } from './inline-container.ts';
import { defaultFunctionName, type ModuleSource, prepareModule } from './module-source.ts';
import { NodeContainer } from './node-container.ts';
import { toOutcome } from './outcome.ts';
import { PythonContainer } from './python-container.ts';
import { eventTypeFor, resolveSettings } from './settings.ts';
import type { CreateFunctionOptions, EdgeFunction, HandlerRef, InvokeOutcome } from './types.ts';

/** Lambda@Edge associations name a numbered version, never $LATEST (docs/cloudfront-rules.md#deploy-versions). */
const FUNCTION_VERSION = '1';
const DEFAULT_MAX_CONTAINERS = 4;

/**
 * Containers per function for a local server such as `edge dev`: one per core, at most the
 * default. Each container is a thread with its own V8 heap, boot and JIT warm-up; on a
 * two-core machine four per function (sixteen for four triggers) only take turns on the same
 * cores. The default itself stays at Lambda-like scale-out for tests and one-off invocations.
 */
export function localContainerLimit(): number {
  return Math.min(DEFAULT_MAX_CONTAINERS, availableParallelism());
}

interface PooledContainer {
  container: Container;
  memoryMB: number;
  generation: number;
  /** Invocations handed to it and not yet returned, at most its depth. */
  inFlight: number;
}

class LocalEdgeFunction implements EdgeFunction {
  readonly eventType: EventType | undefined;
  private handler: HandlerRef;
  private source: Promise<ModuleSource> | undefined;
  private generation = 0;
  private idle: PooledContainer[] = [];
  /** Running an invocation, with room for one more to wait in the container (depth > 1). */
  private busy: PooledContainer[] = [];
  private live = 0;
  private waiting: Array<() => void> = [];
  private disposed = false;
  private readonly functionName: string;
  private readonly settings = new Map<EventType, ReturnType<typeof resolveSettings>>();

  constructor(
    handler: HandlerRef,
    private readonly options: CreateFunctionOptions,
  ) {
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
    const received = this.options.includeBody === false ? withoutBody(event) : event;
    const request = {
      event: received,
      timeoutMs: settings.timeoutSeconds * 1000,
      requestId: randomUUID(),
    };
    for (;;) {
      const pooled = await this.acquire(settings.memoryMB);
      let result: ContainerResult | undefined;
      try {
        result = await pooled.container.invoke(request);
      } finally {
        this.release(pooled);
      }
      // It waited behind an invocation that ended its container: run it in another.
      if (result === undefined) continue;
      return toOutcome(result, {
        eventType,
        event: received,
        limits: settings.limits,
        validation: this.options.validation ?? 'error',
      });
    }
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

  async reload(modulePath?: string): Promise<void> {
    if (modulePath !== undefined) this.handler = modulePath;
    this.generation++;
    this.source = undefined;
    const stale = this.idle.splice(0, this.idle.length);
    this.live -= stale.length;
    await Promise.all(stale.map((entry) => entry.container.dispose()));
    this.wakeOne();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.generation++;
    const idle = this.idle.splice(0, this.idle.length);
    this.live -= idle.length;
    await Promise.all(idle.map((entry) => entry.container.dispose()));
  }

  private async acquire(memoryMB: number): Promise<PooledContainer> {
    const max = Math.max(1, this.options.maxContainers ?? DEFAULT_MAX_CONTAINERS);
    for (;;) {
      // A container can die while idle (an exception escaping after it answered).
      for (let index = this.idle.length - 1; index >= 0; index--) {
        const entry = this.idle[index] as PooledContainer;
        if (entry.container.usable) continue;
        this.idle.splice(index, 1);
        this.live--;
        void entry.container.dispose();
      }
      // The container released last, as Lambda tends to reuse the most recent environment:
      // its thread's caches and compiled code are warm, and when traffic drops the extra
      // containers rest instead of each being woken in turn.
      const index = this.idle.findLastIndex((entry) => entry.memoryMB === memoryMB);
      if (index >= 0) return this.engage(this.idle.splice(index, 1)[0] as PooledContainer);
      if (this.live < max) break;
      // Every container is busy and no more may start: the next invocation waits inside one,
      // which starts it without waking the thread (invocation-channel.ts).
      const queued = this.takeQueueSlot(memoryMB);
      if (queued) return queued;
      // A container of another memory size may be idle; retire it to make room.
      const other = this.idle.shift();
      if (other) {
        this.live--;
        await other.container.dispose();
        continue;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.live++;
    const generation = this.generation;
    try {
      const container = await this.createContainer(memoryMB);
      return this.engage({ container, memoryMB, generation, inFlight: 0 });
    } catch (error) {
      this.live--;
      this.wakeOne();
      throw error;
    }
  }

  /** Counts one more invocation on the container; it is queueable while it has room. */
  private engage(entry: PooledContainer): PooledContainer {
    entry.inFlight++;
    const room = entry.inFlight < entry.container.depth;
    if (room && !this.busy.includes(entry)) this.busy.push(entry);
    else if (!room) this.dropBusy(entry);
    return entry;
  }

  /** A busy container of this size and generation that can hold one more invocation. */
  private takeQueueSlot(memoryMB: number): PooledContainer | undefined {
    const entry = this.busy.find(
      (candidate) =>
        candidate.memoryMB === memoryMB &&
        candidate.generation === this.generation &&
        candidate.container.usable,
    );
    return entry && this.engage(entry);
  }

  private dropBusy(entry: PooledContainer): void {
    const index = this.busy.indexOf(entry);
    if (index >= 0) this.busy.splice(index, 1);
  }

  private release(entry: PooledContainer): void {
    entry.inFlight--;
    if (entry.inFlight > 0) {
      // Still running the one that waited behind; it has room again.
      if (entry.container.usable && !this.busy.includes(entry)) this.busy.push(entry);
      this.wakeOne();
      return;
    }
    this.dropBusy(entry);
    if (!this.disposed && entry.container.usable && entry.generation === this.generation) {
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

  private async createContainer(memoryMB: number): Promise<Container> {
    const settings: ContainerSettings = {
      handlerName: this.options.handlerName ?? 'handler',
      functionName: this.functionName,
      functionVersion: FUNCTION_VERSION,
      memoryMB,
      globals: containerGlobals(this.options.globals),
    };
    const handler = this.handler;
    if (typeof handler !== 'string') return new InlineContainer(handler, settings);
    this.source ??= prepareModule(handler);
    const source = await this.source.catch((error: unknown) => {
      this.source = undefined;
      throw error;
    });
    if (source.language === 'python') {
      const python = this.options.python ?? process.env.EDGE_PYTHON ?? 'python3';
      return new PythonContainer(source, settings, python);
    }
    return new NodeContainer(source, settings);
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
