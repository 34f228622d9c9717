/**
 * Connection attempts (docs/cloudfront-rules.md#origin-timeouts): a connection that fails is tried
 * again up to the origin's connection attempts; a GET or HEAD whose response timed out is asked
 * again as often; other methods are not retried. A body that began streaming cannot be sent twice.
 */
import type { OriginClient, OriginFetchRequest, OriginResult } from './types.ts';

export interface AttemptedResult {
  result: OriginResult;
  attempts: number;
}

export async function fetchWithAttempts(
  client: OriginClient,
  request: OriginFetchRequest,
): Promise<AttemptedResult> {
  const max = Math.max(1, client.attempts);
  let attempts = 0;
  for (;;) {
    attempts++;
    const result = await client.fetch(request);
    if (result.ok || attempts >= max || request.body.consumed) return { result, attempts };
    const { kind } = result.failure;
    const retried =
      kind === 'connect' ||
      kind === 'connect-timeout' ||
      (kind === 'read-timeout' && (request.method === 'GET' || request.method === 'HEAD'));
    if (!retried) return { result, attempts };
  }
}
