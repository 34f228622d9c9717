import type { Headers } from '@edge-app/events';

export interface OriginFetchRequest {
  method: string;
  uri: string;
  /** Raw, without `?`. */
  querystring: string;
  headers: Headers;
  body: Uint8Array;
}

export interface OriginFetchResponse {
  status: number;
  statusDescription: string;
  headers: Headers;
  body: Uint8Array;
}

/** The origin never answered: CloudFront's 502 (could not connect) or 504 (timed out). */
export interface OriginFailure {
  status: 502 | 504;
  message: string;
  fix: string;
}

export type OriginResult =
  | { ok: true; response: OriginFetchResponse }
  | { ok: false; failure: OriginFailure };

export interface OriginClient {
  fetch(request: OriginFetchRequest): Promise<OriginResult>;
  close?(): void;
}
