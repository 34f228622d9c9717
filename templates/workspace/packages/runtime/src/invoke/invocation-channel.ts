/**
 * How invocations travel between the caller and a worker thread: through memory both threads
 * share, not messages. Between invocations the worker sleeps in `Atomics.wait` (worker.mjs),
 * so handing it an event is a write and one futex wake, where a posted message also runs
 * libuv's async handle and the MessagePort and EventTarget machinery on the worker's side
 * before the handler sees anything; the answer comes back the same way and the caller learns
 * of it through `Atomics.waitAsync`. With four triggers a miss in `edge dev` makes four round
 * trips, and on a small machine that machinery competed with the main thread for a core.
 *
 * The layout (worker.mjs repeats it): four 32-bit control words, then the text area.
 * - REQUEST: the sequence number of the latest invocation, stored after its text is written;
 *   the worker sleeps while it equals the last one it took.
 * - RESPONSE: the sequence number of the latest answer, stored by the worker after its text.
 * - REQUEST_BYTES, RESPONSE_BYTES: the UTF-8 length of that text, or -1 when it did not fit and
 *   went through the side port instead (read with `receiveMessageOnPort`, which needs no event
 *   loop on either side).
 * One invocation is in flight per container, so the text area holds either the invocation
 * (until the worker has read it) or the answer (until the caller has read it), never both.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';

const REQUEST = 0;
const RESPONSE = 1;
const REQUEST_BYTES = 2;
const RESPONSE_BYTES = 3;
const CONTROL_BYTES = 16;
/** Room for a typical event or result; one with a large body goes through the port. */
const TEXT_BYTES = 64 * 1024;

/** Node 20 has it; the workspace's TypeScript lib (before ES2024) does not describe it. */
const { waitAsync } = Atomics as unknown as {
  waitAsync(
    array: Int32Array,
    index: number,
    value: number,
  ): { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<string> };
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What the worker receives in its `load` message to find its invocations. */
export interface ChannelEnds {
  shared: SharedArrayBuffer;
  port: MessagePort;
}

export class InvocationChannel {
  private readonly shared = new SharedArrayBuffer(CONTROL_BYTES + TEXT_BYTES);
  private readonly control = new Int32Array(this.shared, 0, CONTROL_BYTES / 4);
  private readonly text = new Uint8Array(this.shared, CONTROL_BYTES);
  private readonly ports = new MessageChannel();
  private sequence = 0;
  private closed = false;

  /** Sent once to the worker, the port in the transfer list. */
  get workerEnds(): ChannelEnds {
    return { shared: this.shared, port: this.ports.port2 };
  }

  /** Hands the worker an invocation's JSON text and resolves with its answer's, or with
   * undefined once the channel is closed (the container died or was stopped). */
  async invoke(json: string): Promise<string | undefined> {
    const sequence = ++this.sequence;
    // encodeInto stops where the area ends: an event that did not fit goes through the port.
    const { read, written } = encoder.encodeInto(json, this.text);
    if (read === json.length) {
      this.control[REQUEST_BYTES] = written;
    } else {
      this.ports.port1.postMessage(json);
      this.control[REQUEST_BYTES] = -1;
    }
    // The store publishes the text and length written above (Atomics are sequentially
    // consistent); notify wakes the worker whether it sleeps in wait or in waitAsync.
    Atomics.store(this.control, REQUEST, sequence);
    Atomics.notify(this.control, REQUEST);
    for (;;) {
      if (this.closed) return undefined;
      const answered = Atomics.load(this.control, RESPONSE);
      if (answered === sequence) break;
      // A wake can come late or for nothing: the stored value decides, so look again.
      const waiting = waitAsync(this.control, RESPONSE, answered);
      if (waiting.async) await waiting.value;
    }
    const length = this.control[RESPONSE_BYTES] as number;
    if (length >= 0) return decoder.decode(this.text.subarray(0, length));
    return receiveMessageOnPort(this.ports.port1)?.message as string | undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ports.port1.close();
    // Releases a caller still waiting for an answer that will not come.
    Atomics.notify(this.control, RESPONSE);
  }
}
