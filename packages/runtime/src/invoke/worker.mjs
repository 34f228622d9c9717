// One Lambda container: runs in a worker thread, imports the handler's module once (the init
// phase), then serves invocations one at a time. Plain ESM so Node 20 runs it without a build.
// The thread may be started ahead of time; it loads a module when told to.
// Messages in:  { type: 'load', moduleUrl, handlerName, functionName, functionVersion, memoryMB,
//                 globals, channel: { shared, port } }
// Messages out: { type: 'log', line } | { type: 'ready', memoryUsedMB }
//               | { type: 'init-error', error } | { type: 'answered' } (once, after the first)
// Invocations and answers go through the shared memory of invocation-channel.ts (which has
// the layout), as the JSON text of { id, event, timeoutMs, requestId } in and of
// { type: 'result', id, logCount, ... } out. The next invocation may already be waiting when
// one is answered; they are taken in order, one at a time. JSON text, because Lambda hands
// events and results over as JSON, and copying one string costs far less than
// structured-cloning the nested header objects.
import { randomBytes, randomUUID } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { format } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';

const port = parentPort;

// A container thread runs a little below the thread that invokes it (nice +5, on Linux, where
// each thread has its own). Woken for an invocation, a thread of equal priority tends to take
// the waker's core at once, and in `edge dev` the waker is the server's only thread: on a
// two-core machine that happened about once per miss, and each time every request waited.
// CloudFront's own work does not wait for Lambda's on separate machines either. Measured in
// bench/README.md; elsewhere (no /proc/thread-self) nothing changes.
const CONTAINER_NICE = 5;
try {
  const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(threadId) && threadId > 0) {
    setPriority(threadId, Math.min(19, getPriority(threadId) + CONTAINER_NICE));
  }
} catch {
  // Not Linux, or not allowed: the thread keeps its priority.
}
const MB = 1024 * 1024;
let functionName = '';
let functionVersion = '';

// Console output is the function's CloudWatch log: streamed to the parent line by line so
// lines written just before a crash, a timeout or process.exit are kept. Answers say how many
// lines came before them, since they travel another way.
let logCount = 0;
function postLog(level, message) {
  logCount++;
  port.postMessage({ type: 'log', line: { level, message, time: Date.now() } });
}

for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...args) => postLog(level, format(...args));
}
console.trace = console.debug;

// Direct writes to stdout/stderr are log lines too; sending them through the same port keeps
// them in order with console output and inside the invocation that wrote them.
for (const [stream, level] of [
  [process.stdout, 'log'],
  [process.stderr, 'error'],
]) {
  let pending = '';
  stream.write = (chunk, encoding, done) => {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const message of lines) postLog(level, message);
    const callback = typeof encoding === 'function' ? encoding : done;
    if (typeof callback === 'function') callback();
    return true;
  };
}

function memoryUsedMB() {
  const heap = getHeapStatistics();
  return Math.ceil((heap.used_heap_size + heap.external_memory) / MB);
}

function serializeError(error) {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack ?? '' };
  }
  return { name: 'Error', message: typeof error === 'string' ? error : format(error), stack: '' };
}

// Log stream names look like `2026/11/24/[$LATEST]0123abcd...` in CloudWatch.
let logStreamName = '';
// Fixed once the module loads; every invocation's context repeats them.
let invokedFunctionArn = '';
let logGroupName = '';
let memoryLimitInMB = '';

function createContext(deadline, requestId) {
  return {
    functionName,
    functionVersion,
    invokedFunctionArn,
    memoryLimitInMB,
    awsRequestId: requestId ?? randomUUID(),
    logGroupName,
    logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

let handler;

async function load(settings) {
  ({ functionName, functionVersion } = settings);
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  logStreamName = `${today}/[${functionVersion}]${randomBytes(16).toString('hex')}`;
  invokedFunctionArn = `arn:aws:lambda:us-east-1:123456789012:function:${functionName}:${functionVersion}`;
  // Lambda@Edge logs to `/aws/lambda/us-east-1.<name>` in every Region
  // (docs/cloudfront-rules.md#function-logs).
  logGroupName = `/aws/lambda/us-east-1.${functionName}`;
  memoryLimitInMB = String(settings.memoryMB);
  // Lambda's reserved variables that name this function (the rest come from environment.ts).
  Object.assign(process.env, {
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: functionVersion,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: memoryLimitInMB,
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    _HANDLER: `index.${settings.handlerName}`,
  });
  const { moduleUrl, handlerName, globals } = settings;
  openChannel(settings.channel);
  for (const [name, value] of Object.entries(globals ?? {})) globalThis[name] = value;
  try {
    const namespace = await import(moduleUrl);
    // A CommonJS module's `exports` arrives as `default`; its named exports may or may not be
    // detected statically, so look in both places.
    handler = namespace[handlerName] ?? namespace.default?.[handlerName];
    if (typeof handler !== 'function') {
      const found = Object.keys(namespace).filter((key) => key !== 'default');
      port.postMessage({
        type: 'init-error',
        handlerNotFound: true,
        error: {
          name: 'Runtime.HandlerNotFound',
          message: `The module does not export a function named "${handlerName}" (exports: ${found.join(', ') || 'none'}).`,
          stack: '',
        },
      });
    } else {
      // The parent times the init phase itself.
      port.postMessage({ type: 'ready', memoryUsedMB: memoryUsedMB() });
      setImmediate(awaitInvocation);
    }
  } catch (error) {
    port.postMessage({ type: 'init-error', error: serializeError(error) });
  }
}

// Lambda sends the result as JSON: what JSON drops (undefined, functions) is gone, Dates
// become strings, and what it cannot encode (cycles, BigInt) fails the invocation. The text
// is what goes to the parent, so the result is encoded once and never cloned.
function marshal(result) {
  try {
    const json = JSON.stringify(result);
    // A function or a symbol has no JSON at all; as in-process (JSON.parse of nothing), that
    // is a marshal error rather than a silent empty answer.
    if (json === undefined && result !== undefined) {
      const error = {
        name: 'TypeError',
        message: `a ${typeof result} has no JSON encoding`,
        stack: '',
      };
      return { ok: false, marshal: true, error };
    }
    return { ok: true, json };
  } catch (error) {
    return { ok: false, marshal: true, error: serializeError(error) };
  }
}

// Response events return only the response, so a change to their read-only request shows
// only in the event the handler was given. The request is encoded before and after the call;
// the event goes back for the read-only request rules only when they differ, which keeps the
// caller from decoding and comparing an unchanged request on every invocation. A handler that
// made it unencodable (a cycle) loses only that check.
function requestJson(event) {
  const cf = event?.Records?.[0]?.cf;
  if (!cf?.response) return undefined;
  try {
    return JSON.stringify(cf.request);
  } catch {
    return undefined;
  }
}

function eventAfterJson(event, requestBefore) {
  if (requestBefore === undefined || requestJson(event) === requestBefore) return undefined;
  try {
    return JSON.stringify(event);
  } catch {
    return undefined;
  }
}

// The invocation text says where, in response events, the request sits in it
// (invocation-text.ts): taken from there, not encoded again.
function spanOf(json, span) {
  return Array.isArray(span) ? json.slice(span[0], span[1]) : undefined;
}

function resultMessage(id, outcome, event, sent, meta) {
  const head = JSON.stringify({ type: 'result', id, ...meta, ok: outcome.ok });
  if (!outcome.ok) {
    const failure = { marshal: outcome.marshal, error: outcome.error };
    return `${head.slice(0, -1)},${JSON.stringify(failure).slice(1)}`;
  }
  // JSON.stringify(undefined) is undefined: the field stays out, as JSON.parse would leave it.
  let text = head.slice(0, -1);
  if (outcome.json !== undefined) text += `,"result":${outcome.json}`;
  const after = eventAfterJson(event, sent.request);
  if (after !== undefined) text += `,"eventAfter":${after}`;
  return `${text}}`;
}

// Lambda's runtime awaits anything with a `then` method, a function included (as
// inline-container.ts does too).
function isThenable(value) {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof value.then === 'function'
  );
}

port.on('message', (message) => {
  if (message.type === 'load') void load(message);
});

// The shared control words and text areas, as invocation-channel.ts lays them out: areas 0
// and 1 hold invocations, 2 and 3 answers, by the parity of the sequence number.
const REQUEST = 0;
const RESPONSE = 1;
const REQUEST_BYTES = 2;
const RESPONSE_BYTES = 4;
const CONTROL_BYTES = 32;
const AREA_BYTES = 64 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
let control;
let areas;
let sidePort;
let lastRequest = 0;

function openChannel({ shared, port: side }) {
  control = new Int32Array(shared, 0, CONTROL_BYTES / 4);
  areas = [0, 1, 2, 3].map(
    (index) => new Uint8Array(shared, CONTROL_BYTES + index * AREA_BYTES, AREA_BYTES),
  );
  sidePort = side;
}

function answer(json) {
  const parity = lastRequest & 1;
  // encodeInto stops where the area ends: an answer that did not fit goes through the port.
  const { read, written } = encoder.encodeInto(json, areas[2 + parity]);
  if (read === json.length) {
    control[RESPONSE_BYTES + parity] = written;
  } else {
    sidePort.postMessage(json);
    control[RESPONSE_BYTES + parity] = -1;
  }
  // Published after the text and its length (Atomics are sequentially consistent).
  Atomics.store(control, RESPONSE, lastRequest);
  Atomics.notify(control, RESPONSE);
}

let answeredBefore = false;

function takeInvocation() {
  // The next in order, even when a later one is already waiting behind it.
  lastRequest++;
  const parity = lastRequest & 1;
  const length = control[REQUEST_BYTES + parity];
  const json =
    length < 0
      ? receiveMessageOnPort(sidePort).message
      : decoder.decode(areas[parity].subarray(0, length));
  runInvocation(JSON.parse(json), json);
}

// Between invocations the thread sleeps in Atomics.wait, which the parent wakes with one
// notify: no event-loop turn or message dispatch before the handler runs. Sleeping freezes the
// thread, as Lambda freezes an idle execution environment, so it only sleeps when nothing
// else could run here anyway: the parent port is its only active resource. A timer, a socket
// or an immediate the handler or the module's init left behind keeps the event loop turning
// while idle (and an exception it throws still ends the container while idle); then the next
// invocation is awaited with Atomics.waitAsync instead.
function awaitInvocation() {
  if (process.getActiveResourcesInfo().length <= 1) {
    while (Atomics.load(control, REQUEST) === lastRequest) {
      Atomics.wait(control, REQUEST, lastRequest);
    }
    takeInvocation();
    return;
  }
  // A notify can arrive late, after its invocation was already taken: the value decides.
  if (Atomics.load(control, REQUEST) !== lastRequest) {
    takeInvocation();
    return;
  }
  const waiting = Atomics.waitAsync(control, REQUEST, lastRequest);
  if (waiting.async) waiting.value.then(awaitInvocation);
  else awaitInvocation();
}

function runInvocation({ id, event, timeoutMs, requestId, request }, json) {
  const sent = {
    // Response events only: the read-only request, to notice a change to it.
    request: request === undefined ? requestJson(event) : spanOf(json, request),
  };
  // Timed from here, as an invocation that waited in the channel has only just started.
  const deadline = Date.now() + timeoutMs;
  const start = performance.now();
  let settled = false;
  let callbackUsed = false;
  const settle = (settledWith) => {
    if (settled) return;
    settled = true;
    const outcome = settledWith.ok ? marshal(settledWith.result) : settledWith;
    const durationMs = performance.now() - start;
    // Answered once the code running now has finished, so a second callback made
    // synchronously after the first is still reported in this invocation's logs. A microtask,
    // not the next turn of the event loop: that turn cost ~10 µs of this thread's CPU per
    // invocation (~15% of a pass-through's), and an idle container sleeps just the same.
    queueMicrotask(() => {
      answer(
        resultMessage(id, outcome, event, sent, {
          logCount,
          durationMs,
          callbackUsed,
          memoryUsedMB: memoryUsedMB(),
        }),
      );
      if (!answeredBefore) {
        answeredBefore = true;
        port.postMessage({ type: 'answered' });
      }
      awaitInvocation();
    });
  };
  const callback = (error, result) => {
    callbackUsed = true;
    if (settled) {
      console.warn(
        'The callback was called after the invocation had already completed; Lambda keeps the first result and ignores this call.',
      );
      return;
    }
    if (error !== undefined && error !== null) settle({ ok: false, error: serializeError(error) });
    else settle({ ok: true, result });
  };
  try {
    const returned = handler(event, createContext(deadline, requestId), callback);
    if (isThenable(returned)) {
      returned.then(
        (result) => settle({ ok: true, result }),
        (error) => settle({ ok: false, error: serializeError(error) }),
      );
    } else if (handler.length < 3 && !settled) {
      // Neither async nor callback-style: Lambda ignores a synchronous return value and answers
      // null once the event loop is empty.
      console.warn(
        'The handler returned without a promise and takes no callback; Lambda ignores a synchronous return value and answers null.',
      );
      settle({ ok: true, result: null });
    }
  } catch (error) {
    settle({ ok: false, error: serializeError(error) });
  }
}
