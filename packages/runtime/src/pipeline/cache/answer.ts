/**
 * What the cache step works with: its input, its result, the keys of one request, and the origin
 * side's answer made ready to serve (compressed when the behavior compresses;
 * docs/cloudfront-rules.md#compression).
 */
import type { ViewerRequest } from '@edge-app/events';
import type { ResolvedBehavior } from '../behaviors.ts';
import type { RequestBody } from '../body.ts';
import { compressResponse, notCompressible, preferredEncoding } from '../compression.ts';
import type { Failure } from '../context.ts';
import type { OriginSideInput, OriginSideResult } from '../origin-side.ts';
import type { FinalResponse } from '../response.ts';
import type { CacheResult } from '../types.ts';
import type { CachedResponse } from './store.ts';

export interface CacheStepInput {
  behavior: ResolvedBehavior;
  request: ViewerRequest;
  body: RequestBody;
  acceptEncoding: string | undefined;
  errorPage?: boolean;
}

export type CacheStepResult =
  | {
      kind: 'served';
      response: FinalResponse;
      result: CacheResult;
      fromCache: boolean;
      ageSeconds?: number;
      /** The origin never answered; `response` is CloudFront's error for it. */
      originFailure?: Failure;
    }
  | { kind: 'failed'; failure: Failure };

export interface Keys {
  /** Where this request's full object lives. */
  main: string;
  /** HEAD answers fetched for a HEAD, when a HEAD may also be served from a GET's object. */
  head?: string;
  /** A 206 the origin sent for exactly this Range header. */
  range?: string;
}

export function originInput(input: CacheStepInput): OriginSideInput {
  return {
    behavior: input.behavior,
    request: input.request,
    body: input.body,
    acceptEncoding: input.acceptEncoding,
    ...(input.errorPage ? { errorPage: true } : {}),
  };
}

/** The origin side's answer as served: compressed when the behavior compresses. */
export async function prepare(
  behavior: ResolvedBehavior,
  input: CacheStepInput,
  fetched: OriginSideResult,
): Promise<CacheStepResult> {
  if (fetched.kind === 'failed') return fetched;
  let response = fetched.response;
  const encoding = preferredEncoding(input.acceptEncoding);
  if (behavior.compress && encoding && !fetched.generated && !notCompressible(response)) {
    response = await compressResponse(response, encoding);
  }
  return {
    kind: 'served',
    response: { ...response, generated: fetched.generated } as CachedResponse,
    result: fetched.generated ? 'LambdaGeneratedResponse' : 'Miss',
    fromCache: false,
    ...(fetched.originFailure ? { originFailure: fetched.originFailure } : {}),
  };
}

export function fromOrigin(fetched: OriginSideResult): CacheStepResult {
  if (fetched.kind === 'failed') return fetched;
  return {
    kind: 'served',
    response: fetched.response,
    result: fetched.generated ? 'LambdaGeneratedResponse' : 'Miss',
    fromCache: false,
    ...(fetched.originFailure ? { originFailure: fetched.originFailure } : {}),
  };
}

/** Stores what the origin side produced, if the rules allow; returns the seconds it was stored for. */
