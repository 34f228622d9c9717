/**
 * What every kind of container (worker thread, Python process, in-process function) offers the
 * function that owns it: run one invocation at a time and say whether it can take another.
 */
import type { Failure } from './failures.ts';
import type { LogLine } from './types.ts';

export interface InvocationRequest {
  event: unknown;
  timeoutMs: number;
  requestId: string;
}

interface InvocationMeta {
  logs: LogLine[];
  durationMs: number;
  /** Set on the invocation that started the container. */
  initDurationMs?: number;
  memoryUsedMB: number;
  /** The handler answered through the callback (gone in nodejs24.x, docs/cloudfront-rules.md#handler-styles). */
  callbackUsed: boolean;
}

export type ContainerResult =
  | ({
      ok: true;
      result: unknown;
      /** Response events: the event as the handler left it, for the read-only request rules. */
      eventAfter?: unknown;
    } & InvocationMeta)
  | ({ ok: false; failure: Failure } & InvocationMeta);

export interface Container {
  /** False once the container died (timeout, crash, exit, out of memory) or failed to init. */
  readonly usable: boolean;
  /**
   * Invocations it accepts at once. It runs one at a time; more than one means the next waits
   * inside the container and starts as soon as the one before answers (see
   * invocation-channel.ts for why).
   */
  readonly depth: number;
  /**
   * Resolves with undefined when the invocation never ran: it waited behind one that ended the
   * container, and Lambda would have run it in another.
   */
  invoke(request: InvocationRequest): Promise<ContainerResult | undefined>;
  dispose(): Promise<void>;
}

/** Settings every container kind receives from the function. */
export interface ContainerSettings {
  handlerName: string;
  functionName: string;
  /** Lambda@Edge runs published versions only (docs/cloudfront-rules.md#deploy-versions). */
  functionVersion: string;
  memoryMB: number;
  /** Defined on the container's global object before the module loads (Node.js only). */
  globals: Record<string, unknown>;
}

let defaultGlobals: Record<string, unknown> = {};

/**
 * Globals every Node.js container of this thread defines before loading its module, e.g. the
 * build-time values a test setup file gives the test thread, so handlers invoked by path see
 * what handlers called in-process see. Replaces what an earlier call set.
 */
export function setContainerGlobals(values: Record<string, unknown>): void {
  defaultGlobals = { ...values };
}

export function containerGlobals(
  own: Record<string, unknown> | undefined,
): Record<string, unknown> {
  return { ...defaultGlobals, ...own };
}

/**
 * Lambda gives the init phase 10 seconds of its own before the first invocation
 * (AWS Lambda Developer Guide, "Lambda execution environment lifecycle").
 */
export const INIT_TIMEOUT_MS = 10_000;

/** Splits streamed text into log lines, keeping a trailing partial line for the next chunk. */
export function lineSplitter(level: LogLine['level'], push: (line: LogLine) => void) {
  let pending = '';
  return {
    write(chunk: string) {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const message of lines) push({ level, message, time: Date.now() });
    },
    flush() {
      if (pending) push({ level, message: pending, time: Date.now() });
      pending = '';
    },
  };
}
