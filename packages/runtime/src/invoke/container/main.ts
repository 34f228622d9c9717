/**
 * One Node.js Lambda container: the process a function's handler runs in. Started with
 * `fork()` by node-container.ts, possibly ahead of need; it imports the handler's module when
 * told to (the init phase), then runs one invocation at a time, as Lambda's runtime does.
 *
 * Everything goes through the IPC channel as the typed messages of protocol.ts. Console
 * output and writes to process.stdout/stderr are the function's log, sent line by line on the
 * same channel, so each line lands in the invocation that wrote it and lines written just
 * before a crash are kept. The parent enforces the timeout and the memory limit by ending this
 * process; this side only reports.
 *
 * Built into the runtime's dist/ as its own entry (container.js), run by the Node.js of the
 * function's Lambda runtime: it must not import anything but Node's built-ins.
 */
import { writeSync } from 'node:fs';
import { format } from 'node:util';
import { asJsonData, toSerializedError } from '../json-data.ts';
import {
  type FromContainer,
  type InvokeMessage,
  LAST_WORDS_FD,
  type LastWords,
  type LoadMessage,
  type ResultMessage,
  type ToContainer,
} from '../protocol.ts';
import type { LogLine } from '../types.ts';
import { createContext, describeFunction, type FunctionIdentity } from './context.ts';

type Handler = (event: unknown, context: unknown, callback: Callback) => unknown;
type Callback = (error?: unknown, result?: unknown) => void;

const MB = 1024 * 1024;

function send(message: FromContainer): void {
  process.send?.(message);
}

// --- Ending ----------------------------------------------------------------------------------

// Written synchronously: an IPC message sent now would be lost with the process.
function lastWords(words: LastWords): void {
  try {
    writeSync(LAST_WORDS_FD, `${JSON.stringify(words)}\n`);
  } catch {
    // The parent is gone; nobody is left to tell.
  }
}

const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  const status = code === undefined || code === null ? (process.exitCode ?? 0) : Number(code);
  lastWords({ type: 'exit', code: Number.isFinite(status) ? Number(status) : 1 });
  return exit(status);
}) as typeof process.exit;

// As Lambda's runtime does: an exception or rejection nobody caught ends the process.
process.on('uncaughtException', (error, origin) => {
  lastWords({
    type: 'uncaught',
    error: toSerializedError(error),
    rejection: origin === 'unhandledRejection',
  });
  exit(129);
});

// The function's server or test run ended without stopping this container (it was killed, or
// crashed): end too, with anything this process started.
process.on('disconnect', () => {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    exit(0);
  }
});

// --- Logs ------------------------------------------------------------------------------------

function log(level: LogLine['level'], message: string): void {
  send({ type: 'log', line: { level, message, time: Date.now() } });
}

for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[level] = (...args: unknown[]) => log(level, format(...args));
}
console.trace = console.debug;

for (const [stream, level] of [
  [process.stdout, 'log'],
  [process.stderr, 'error'],
] as const) {
  let pending = '';
  stream.write = ((chunk: string | Uint8Array, encoding?: unknown, done?: unknown) => {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const message of lines) log(level, message);
    const callback = typeof encoding === 'function' ? encoding : done;
    if (typeof callback === 'function') callback();
    return true;
  }) as typeof stream.write;
}

/**
 * The process's resident memory, as Lambda counts it. Reading it costs tens of microseconds,
 * a large part of a fast invocation, so after a quick one (under 2 ms: too little time to
 * touch many megabytes) the last reading stands, refreshed every 32 invocations; a longer one
 * is measured, and the parent samples the process while it runs anyway (memory.ts).
 */
let lastMemoryMB = 0;
let sinceMeasured = 0;
function memoryUsedMB(durationMs = Number.POSITIVE_INFINITY): number {
  if (durationMs >= 2 || ++sinceMeasured >= 32 || lastMemoryMB === 0) {
    sinceMeasured = 0;
    lastMemoryMB = Math.ceil(process.memoryUsage.rss() / MB);
  }
  return lastMemoryMB;
}

// --- Init ------------------------------------------------------------------------------------

let handler: Handler | undefined;
let identity: FunctionIdentity | undefined;

async function load(message: LoadMessage): Promise<void> {
  identity = describeFunction(message);
  Object.assign(process.env, identity.environment);
  for (const [name, value] of Object.entries(message.globals)) {
    (globalThis as Record<string, unknown>)[name] = value;
  }
  try {
    const namespace = (await import(message.module)) as Record<string, unknown>;
    // A CommonJS module's `exports` arrives as `default`; its named exports may or may not be
    // detected statically, so look in both places.
    const found =
      namespace[message.handlerName] ??
      (namespace.default as Record<string, unknown> | undefined)?.[message.handlerName];
    if (typeof found === 'function') {
      handler = found as Handler;
      send({ type: 'ready', memoryUsedMB: memoryUsedMB() });
      return;
    }
    const exported = Object.keys(namespace).filter((key) => key !== 'default');
    send({
      type: 'init-error',
      handlerNotFound: true,
      error: {
        name: 'Runtime.HandlerNotFound',
        message: `The module does not export a function named "${message.handlerName}" (exports: ${exported.join(', ') || 'none'}).`,
        stack: '',
      },
    });
  } catch (error) {
    send({ type: 'init-error', error: toSerializedError(error) });
  }
}

// --- Invocations -----------------------------------------------------------------------------

type Settled = { ok: true; result: unknown } | { ok: false; error: unknown };

// Response events return only the response, so a change to their read-only request shows only
// in the event the handler was given: compared before and after, sent back when it differs.
function requestText(event: unknown): string | undefined {
  const cf = (event as { Records?: Array<{ cf?: { request?: unknown; response?: unknown } }> })
    ?.Records?.[0]?.cf;
  if (!cf?.response) return undefined;
  try {
    return JSON.stringify(cf.request);
  } catch {
    return undefined;
  }
}

/** Body data this large is not sent back when the result carries it unchanged. */
const LARGE_BODY = 16 * 1024;

/**
 * A request returned with the body data it arrived with (a request function that forwards an
 * upload) carries it back empty, for the function to put back: up to 1 MB less to copy.
 */
function withoutSameBody(result: unknown, sent: unknown): { value: unknown; same: boolean } {
  const body = (result as { body?: { data?: unknown } } | null)?.body;
  if (typeof sent !== 'string' || sent.length < LARGE_BODY || body?.data !== sent) {
    return { value: result, same: false };
  }
  return { value: { ...(result as object), body: { ...body, data: '' } }, same: true };
}

/** The event as the handler left it, when it changed a response event's request; a handler
 * that made it unencodable (a cycle) loses only that check. */
function eventAfter(event: unknown, requestBefore: string | undefined): unknown {
  if (requestBefore === undefined || requestText(event) === requestBefore) return undefined;
  const data = asJsonData(event);
  return data.ok ? data.value : undefined;
}

// Lambda's runtime awaits anything with a `then` method, a function included.
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function invoke({ id, event, timeoutMs, requestId }: InvokeMessage): void {
  const run = handler;
  if (!run || !identity) return;
  const requestBefore = requestText(event);
  // Read before the handler runs: it may change the body in place.
  const sentBodyData = (
    event as { Records?: Array<{ cf?: { request?: { body?: { data?: unknown } } } }> }
  )?.Records?.[0]?.cf?.request?.body?.data;
  const deadline = Date.now() + timeoutMs;
  const start = performance.now();
  let settled = false;
  let callbackUsed = false;

  const answer = (outcome: Settled) => {
    const durationMs = performance.now() - start;
    const meta = {
      type: 'result' as const,
      id,
      durationMs,
      memoryUsedMB: memoryUsedMB(durationMs),
      callbackUsed,
    };
    let message: ResultMessage;
    if (!outcome.ok) {
      message = { ...meta, ok: false, error: toSerializedError(outcome.error) };
    } else {
      const data = asJsonData(outcome.result);
      if (!data.ok) {
        message = { ...meta, ok: false, marshal: true, error: data.error };
      } else {
        const after = eventAfter(event, requestBefore);
        const result = withoutSameBody(data.value, sentBodyData);
        message = {
          ...meta,
          ok: true,
          ...(result.value === undefined ? {} : { result: result.value }),
          ...(after === undefined ? {} : { eventAfter: after }),
          ...(result.same ? { sameBodyData: true as const } : {}),
        };
      }
    }
    send(message);
  };

  const settle = (outcome: Settled) => {
    if (settled) return;
    settled = true;
    // Answered once the code running now has finished, so a second callback made
    // synchronously after the first is still reported in this invocation's logs.
    queueMicrotask(() => answer(outcome));
  };
  const callback: Callback = (error, result) => {
    callbackUsed = true;
    if (settled) {
      console.warn(
        'The callback was called after the invocation had already completed; Lambda keeps the first result and ignores this call.',
      );
      return;
    }
    if (error !== undefined && error !== null) settle({ ok: false, error });
    else settle({ ok: true, result });
  };
  try {
    const returned = run(event, createContext(identity, deadline, requestId), callback);
    if (isThenable(returned)) {
      returned.then(
        (result) => settle({ ok: true, result }),
        (error: unknown) => settle({ ok: false, error }),
      );
    } else if (run.length < 3 && !settled) {
      // Neither async nor callback-style: Lambda ignores a synchronous return value and
      // answers null once the event loop is empty.
      console.warn(
        'The handler returned without a promise and takes no callback; Lambda ignores a synchronous return value and answers null.',
      );
      settle({ ok: true, result: null });
    }
  } catch (error) {
    settle({ ok: false, error });
  }
}

process.on('message', (message: ToContainer) => {
  if (message.type === 'load') void load(message);
  else if (message.type === 'invoke') invoke(message);
});
