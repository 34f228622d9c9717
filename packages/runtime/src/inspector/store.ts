/**
 * The requests `edge dev` has served, newest first, for the inspector: filled from the
 * pipeline's `onTrace`, read by the dev server's `/__edge/api/*`. Bounded twice, so that a dev
 * session left running for days stays small: at most `maxRequests` entries and about
 * `maxChars` characters of kept text (each string already cut to `stringLimit`); the oldest go
 * first.
 */
import type { PipelineResponse, RequestTrace } from '../pipeline/types.ts';
import { STRING_LIMIT, snapshot, summarize } from './snapshot.ts';
import type { InspectedRequest, RequestSummary } from './types.ts';

export interface RequestStoreOptions {
  /** Default 200. */
  maxRequests?: number;
  /** Characters of text kept in all; default 32 Mi. */
  maxChars?: number;
  /** Characters kept of any one string (a body, a log line); default 64 Ki. */
  stringLimit?: number;
}

/** What the list can be narrowed to (`?path=&status=&cache=` of the API). */
export interface RequestFilter {
  /** Part of the path. */
  path?: string;
  /** A status (`404`) or a class (`5xx`). */
  status?: string;
  /** An X-Cache result (`Hit`, `Miss`, `LambdaValidationError` ...), any case. */
  cache?: string;
}

export type StoreEvent =
  /** A request was recorded, or its summary changed (a replay noted as one). */
  | { kind: 'request'; request: RequestSummary }
  | { kind: 'purge'; purged: number; paths?: string[] };

interface Kept {
  entry: InspectedRequest;
  size: number;
}

export class RequestStore {
  readonly maxRequests: number;
  readonly maxChars: number;
  readonly stringLimit: number;
  /** Oldest first; the API reverses. */
  #kept: Kept[] = [];
  #chars = 0;
  #listeners = new Set<(event: StoreEvent) => void>();

  constructor(options: RequestStoreOptions = {}) {
    this.maxRequests = options.maxRequests ?? 200;
    this.maxChars = options.maxChars ?? 32 * 1024 * 1024;
    this.stringLimit = options.stringLimit ?? STRING_LIMIT;
  }

  /** Keeps a request the pipeline answered; fits `PipelineOptions.onTrace`. */
  readonly record = (trace: RequestTrace, response?: PipelineResponse): InspectedRequest => {
    const kept = snapshot(trace, response, this.stringLimit);
    this.#kept.push(kept);
    this.#chars += kept.size;
    while (
      this.#kept.length > this.maxRequests ||
      (this.#chars > this.maxChars && this.#kept.length > 1)
    ) {
      const dropped = this.#kept.shift() as Kept;
      this.#chars -= dropped.size;
    }
    this.#emit({ kind: 'request', request: summarize(kept.entry) });
    return kept.entry;
  };

  /** Newest first. */
  list(filter: RequestFilter = {}): RequestSummary[] {
    const summaries: RequestSummary[] = [];
    for (let index = this.#kept.length - 1; index >= 0; index--) {
      const { entry } = this.#kept[index] as Kept;
      if (matches(entry, filter)) summaries.push(summarize(entry));
    }
    return summaries;
  }

  get(id: string): InspectedRequest | undefined {
    return this.#kept.find((kept) => kept.entry.id === id)?.entry;
  }

  /**
   * Notes that request `id` was sent again from the inspector as a replay of `original`, and
   * tells listeners its summary again (the replay was recorded before it was known as one).
   */
  markReplay(id: string, original: string): void {
    const entry = this.get(id);
    if (!entry) return;
    entry.replayOf = original;
    this.#emit({ kind: 'request', request: summarize(entry) });
  }

  /** Tells listeners (the page's live stream) that the cache was purged. */
  notePurge(purged: number, paths?: string[]): void {
    this.#emit({ kind: 'purge', purged, ...(paths ? { paths } : {}) });
  }

  get size(): number {
    return this.#kept.length;
  }

  /** Characters of text kept now. */
  get chars(): number {
    return this.#chars;
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: StoreEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener's trouble (a closed stream) must not fail the request being recorded.
      }
    }
  }
}

export function matches(request: RequestSummary, filter: RequestFilter): boolean {
  if (filter.path && !request.path.includes(filter.path)) return false;
  if (filter.status) {
    const status = String(request.status);
    const wanted = filter.status.trim().toLowerCase();
    const ok = /^[1-5]xx$/.test(wanted) ? status[0] === wanted[0] : status === wanted;
    if (!ok) return false;
  }
  if (filter.cache && request.cacheResult.toLowerCase() !== filter.cache.trim().toLowerCase())
    return false;
  return true;
}
