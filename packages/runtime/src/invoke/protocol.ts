/**
 * The messages between a function and its container process, typed once for both ends. Both
 * kinds speak JSON, as Lambda hands events and results to its runtimes: a Node.js container
 * (container/main.ts) over the process's IPC channel (serialization 'json': for the small
 * events of most triggers it is the fastest way across, bench/README.md), the Python bootstrap
 * (python_bootstrap.py) as JSON lines on its stdin and stdout. Events and results are checked
 * against JSON's rules before they are sent (json-data.ts).
 */
import type { LogLine } from './types.ts';

export interface SerializedError {
  name: string;
  message: string;
  stack: string;
}

/** Sent once, when a container is handed its function: Lambda's init phase starts. */
export interface LoadMessage {
  type: 'load';
  /** Node.js: the file URL to import. Python: the script path. */
  module: string;
  handlerName: string;
  functionName: string;
  functionVersion: string;
  memoryMB: number;
  /** Defined on the container's global object before the module loads (Node.js only). */
  globals: Record<string, unknown>;
}

export interface InvokeMessage {
  type: 'invoke';
  id: number;
  event: unknown;
  timeoutMs: number;
  requestId: string;
}

export type ToContainer = LoadMessage | InvokeMessage;

export interface LogMessage {
  type: 'log';
  line: LogLine;
}

export interface ReadyMessage {
  type: 'ready';
  memoryUsedMB: number;
}

export interface InitErrorMessage {
  type: 'init-error';
  error: SerializedError;
  handlerNotFound?: boolean;
  /** Python: a MemoryError while the module loaded. */
  memory?: boolean;
}

interface ResultMeta {
  type: 'result';
  id: number;
  durationMs: number;
  memoryUsedMB: number;
  /** The handler answered through the callback (gone in nodejs24.x, docs/cloudfront-rules.md#handler-styles). */
  callbackUsed?: boolean;
}

export type ResultMessage = ResultMeta &
  (
    | {
        ok: true;
        result?: unknown;
        /** Response events: the event as the handler left it, only when it changed the request. */
        eventAfter?: unknown;
        /**
         * The result is a request whose body data is the event's, left out of `result` (its
         * `body.data` is empty) so that a large body does not travel back unchanged.
         */
        sameBodyData?: true;
      }
    | { ok: false; error: SerializedError; marshal?: boolean; memory?: boolean }
  );

export type FromContainer = LogMessage | ReadyMessage | InitErrorMessage | ResultMessage;

/**
 * What a Node.js container writes synchronously to its last-words pipe just before its process
 * ends by its own doing, so the parent can tell `process.exit` from an uncaught exception; IPC
 * messages sent at that moment would be lost with the process.
 */
export type LastWords =
  | { type: 'exit'; code: number }
  | { type: 'uncaught'; error: SerializedError; rejection: boolean };

/** The file descriptor of the last-words pipe in a Node.js container (0-2 stdio, 3 IPC). */
export const LAST_WORDS_FD = 4;
