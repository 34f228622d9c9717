import type { Headers } from '@edge-app/events';
import type { RequestBody } from '../body.ts';

export interface OriginFetchRequest {
  method: string;
  uri: string;
  /** Raw, without `?`. */
  querystring: string;
  headers: Headers;
  body: RequestBody;
}

export interface OriginFetchResponse {
  status: number;
  statusDescription: string;
  headers: Headers;
  body: Uint8Array;
}

/**
 * How an origin failed to answer (docs/cloudfront-rules.md#origin-timeouts, #origin-dns):
 * `dns` the name does not resolve; `connect` refused or reset before an answer; `connect-timeout`
 * no connection within the connection timeout; `read-timeout` no (further) answer within the
 * response timeout; `broken` the answer was cut short or invalid.
 */
export type OriginFailureKind = 'dns' | 'connect' | 'connect-timeout' | 'read-timeout' | 'broken';

/** The origin never answered: CloudFront's 502 (could not connect, broken) or 504 (timed out). */
export interface OriginFailure {
  kind: OriginFailureKind;
  status: 502 | 504;
  message: string;
  fix: string;
}

export type OriginResult =
  | { ok: true; response: OriginFetchResponse }
  | { ok: false; failure: OriginFailure };

/** What an origin does on each attempt, and how it is tried (DG: DownloadDistValuesOrigin). */
export interface OriginClient {
  fetch(request: OriginFetchRequest): Promise<OriginResult>;
  /** A `dns` failure when the origin's name does not resolve; undefined when it does or has no name. */
  resolve?(): Promise<OriginFailure | undefined>;
  /** Connection attempts, 1-3. */
  readonly attempts: number;
  /** A label for messages and the trace: the origin's name and where it points. */
  readonly label: string;
  close?(): void;
}
