/**
 * A viewer's request body, read only as far as needed: the part IncludeBody exposes is buffered
 * (at most the event's limit and one byte more, to know whether it was cut), the rest streams to
 * the origin as it arrives. A 200 MB upload never sits in memory
 * (docs/cloudfront-rules.md#request-body).
 */

export class RequestBody {
  #buffered: Buffer[] = [];
  #bufferedBytes = 0;
  #ended: boolean;
  #iterator: AsyncIterator<Uint8Array> | undefined;
  #consumed = false;

  private constructor(
    source: AsyncIterable<Uint8Array> | undefined,
    /** The length the viewer declared (Content-Length), when it did. */
    readonly declaredLength: number | undefined,
    /** The viewer sent a body: a Content-Length above 0 or a chunked one. */
    readonly present: boolean,
  ) {
    this.#iterator = source?.[Symbol.asyncIterator]();
    this.#ended = source === undefined;
  }

  static fromBytes(bytes: Uint8Array): RequestBody {
    const body = new RequestBody(undefined, bytes.byteLength, bytes.byteLength > 0);
    if (bytes.byteLength > 0) {
      body.#buffered.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      body.#bufferedBytes = bytes.byteLength;
    }
    return body;
  }

  static fromStream(
    source: AsyncIterable<Uint8Array>,
    declaredLength: number | undefined,
    present: boolean,
  ): RequestBody {
    return new RequestBody(source, declaredLength, present);
  }

  /** The first `limit` bytes, and whether there is more. Buffers at most `limit + 1` bytes. */
  async peek(limit: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
    while (!this.#ended && this.#bufferedBytes <= limit) await this.#pull();
    const all = Buffer.concat(this.#buffered, this.#bufferedBytes);
    this.#buffered = [all];
    return {
      bytes: all.subarray(0, Math.min(limit, all.byteLength)),
      truncated: all.byteLength > limit,
    };
  }

  /** Whether streaming started: a body that went partly to one origin cannot go to another. */
  get consumed(): boolean {
    return this.#consumed;
  }

  /** The whole body, buffered part first, then the rest as it arrives. Once. */
  async *stream(): AsyncGenerator<Uint8Array> {
    this.#consumed = true;
    const buffered = this.#buffered;
    this.#buffered = [];
    this.#bufferedBytes = 0;
    for (const chunk of buffered) yield chunk;
    while (!this.#ended) {
      const chunk = await this.#pull(false);
      if (chunk) yield chunk;
    }
  }

  /** The whole body in memory, for origins that take bytes (handler origins, tests). */
  async bytes(): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.stream()) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  /** Reads the rest without keeping it, so the connection can be reused. */
  async discard(): Promise<void> {
    this.#buffered = [];
    while (!this.#ended) await this.#pull(false);
  }

  async #pull(keep = true): Promise<Uint8Array | undefined> {
    const next = await this.#iterator?.next();
    if (!next || next.done) {
      this.#ended = true;
      return undefined;
    }
    const chunk = next.value;
    if (keep) {
      this.#buffered.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.#bufferedBytes += chunk.byteLength;
    }
    return chunk;
  }
}
