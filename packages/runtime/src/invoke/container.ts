/**
 * What every kind of container (a Node.js or Python process, or an in-process function) offers
 * the function that owns it: init once, then run one invocation at a time.
 */
import type { Failure } from './failures.ts';
import type { LogLine } from './types.ts';

export interface InvocationRequest {
  /** Already as JSON would deliver it (json-data.ts). */
  event: unknown;
  timeoutMs: number;
  requestId: string;
}

interface InvocationMeta {
  logs: LogLine[];
  durationMs: number;
  /** Set on the container's first invocation: its init. */
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
  /** Runs the init phase ahead of the first invocation; true when the container is ready. */
  start(): Promise<boolean>;
  invoke(request: InvocationRequest): Promise<ContainerResult>;
  dispose(): Promise<void>;
}

/** A container that ended between invocations: nothing was running to report it. */
export interface IdleEnding {
  failure: Failure;
  /** What it logged since its last answer, with Lambda's lines about the ending. */
  logs: LogLine[];
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
  /** Told when the container ends while idle, e.g. an exception from a timer after it answered. */
  onIdleEnding(ending: IdleEnding): void;
}

let defaultGlobals: Record<string, unknown> = {};

/**
 * Globals every Node.js container started by this process defines before loading its module,
 * e.g. the build-time values a test setup file gives the test, so handlers invoked by path see
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
