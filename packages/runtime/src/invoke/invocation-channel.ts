/**
 * How invocations travel between the caller and a worker thread: through memory both threads
 * share, not messages. Between invocations the worker sleeps in `Atomics.wait` (worker.mjs),
 * so handing it an event is a write and one futex wake, where a posted message also runs
 * libuv's async handle and the MessagePort and EventTarget machinery on the worker's side
 * before the handler sees anything; the answer comes back the same way and the caller learns
 * of it through `Atomics.waitAsync`. With four triggers a miss in `edge dev` makes four round
 * trips, and on a small machine that machinery competed with the main thread for a core.
 *
 * A second invocation may wait in the channel while the first runs: the worker, having
 * answered, finds it there and runs it without going to sleep, and the caller did not have to
 * wake it. On a two-core machine waking a sleeping worker was the largest single cost of a miss
 * in `edge dev` (the woken thread takes the core from the caller); when every container of a
 * function is busy, a queued invocation avoids it. The worker still runs one at a time.
 *
 * The layout (worker.mjs repeats it): six 32-bit control words, then four text areas, two for
 * invocations and two for answers, used by the parity of the sequence number.
 * - REQUEST: the sequence number of the latest invocation, stored after its text is written;
 *   the worker sleeps while it equals the last one it took, and takes them in order.
 * - RESPONSE: the sequence number of the latest answer, stored by the worker after its text.
 * - REQUEST_BYTES + parity, RESPONSE_BYTES + parity: the UTF-8 length of that text, or -1 when
 *   it did not fit and went through the side port instead (read with `receiveMessageOnPort`,
 *   which needs no event loop on either side; both ends read the port in sequence order).
 * At most two invocations are in flight (`CHANNEL_DEPTH`), so invocation n + 2 is written only
 * once the answer to n has been read: its areas are free by then.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';

const REQUEST = 0;
const RESPONSE = 1;
const REQUEST_BYTES = 2;
const RESPONSE_BYTES = 4;
const CONTROL_BYTES = 32;
/** Room for a typical event or result; one with a large body goes through the port. */
const AREA_BYTES = 64 * 1024;
/** Invocations the channel holds at once: the one running and the one after it. */
export const CHANNEL_DEPTH = 2;

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
  private readonly shared = new SharedArrayBuffer(CONTROL_BYTES + 4 * AREA_BYTES);
  private readonly control = new Int32Array(this.shared, 0, CONTROL_BYTES / 4);
  private readonly areas = [0, 1, 2, 3].map(
    (index) => new Uint8Array(this.shared, CONTROL_BYTES + index * AREA_BYTES, AREA_BYTES),
  );
  private readonly ports = new MessageChannel();
  private sequence = 0;
  /** Answers awaited, oldest first: the answer to sequence `answered + 1` resolves the head. */
  private readonly pending: Array<(text: string | undefined) => void> = [];
  private answered = 0;
  private reading = false;
  private closed = false;

  /** Sent once to the worker, the port in the transfer list. */
  get workerEnds(): ChannelEnds {
    return { shared: this.shared, port: this.ports.port2 };
  }

  /**
   * Hands the worker an invocation's JSON text and resolves with its answer's, or with
   * undefined once the channel is closed (the container died or was stopped). The caller keeps
   * at most `CHANNEL_DEPTH` in flight.
   */
  invoke(json: string): Promise<string | undefined> {
    if (this.pending.length >= CHANNEL_DEPTH) {
      throw new Error(`At most ${CHANNEL_DEPTH} invocations can be in flight on a channel.`);
    }
    const sequence = ++this.sequence;
    const parity = sequence & 1;
    // encodeInto stops where the area ends: an event that did not fit goes through the port.
    const { read, written } = encoder.encodeInto(json, this.areas[parity] as Uint8Array);
    if (read === json.length) {
      this.control[REQUEST_BYTES + parity] = written;
    } else {
      this.ports.port1.postMessage(json);
      this.control[REQUEST_BYTES + parity] = -1;
    }
    // The store publishes the text and length written above (Atomics are sequentially
    // consistent). A worker busy with the previous invocation sees it when it has answered;
    // one asleep is woken, in wait or in waitAsync. With no thread waiting, notify is cheap.
    Atomics.store(this.control, REQUEST, sequence);
    Atomics.notify(this.control, REQUEST);
    const answer = new Promise<string | undefined>((resolve) => this.pending.push(resolve));
    if (!this.reading) void this.readAnswers();
    return answer;
  }

  /**
   * Resolves the answers already written, in order, without waiting: a container that learns
   * its thread died calls it first, so an invocation answered just before the end keeps its
   * answer and only the one that was running fails.
   */
  takeWritten(): void {
    while (this.pending.length > 0 && !this.closed) {
      if (Atomics.load(this.control, RESPONSE) <= this.answered) return;
      this.resolveNext();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ports.port1.close();
    // Releases callers still waiting for answers that will not come.
    for (const resolve of this.pending.splice(0)) resolve(undefined);
    Atomics.notify(this.control, RESPONSE);
  }

  /** One reader per channel, so answers are taken in order even when two are ready at once. */
  private async readAnswers(): Promise<void> {
    this.reading = true;
    for (;;) {
      this.takeWritten();
      if (this.pending.length === 0 || this.closed) break;
      // Every answer written so far is taken, so RESPONSE equals `answered` until the next one.
      // A wake can come late or for nothing: the stored value decides, so look again.
      const waiting = waitAsync(this.control, RESPONSE, this.answered);
      if (waiting.async) await waiting.value;
    }
    this.reading = false;
  }

  private resolveNext(): void {
    const sequence = ++this.answered;
    const parity = sequence & 1;
    const length = this.control[RESPONSE_BYTES + parity] as number;
    const text =
      length >= 0
        ? decoder.decode((this.areas[2 + parity] as Uint8Array).subarray(0, length))
        : (receiveMessageOnPort(this.ports.port1)?.message as string | undefined);
    this.pending.shift()?.(text);
  }
}
