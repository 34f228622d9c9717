/**
 * Query-string normalization before the cache lookup: changes made by a viewer-request function
 * feed the cache key (docs/cloudfront-rules.md#viewer-request-and-cache-key, step 2), so equivalent
 * URLs share one cache entry.
 */
import {
  parseQueryEntries,
  stringifyQuery,
  type ViewerRequest,
  type ViewerRequestEvent,
} from '@edge-app/events';

export interface QueryNormalization {
  /** Lower-case parameter names to keep; `'*'` keeps every name. */
  allowed: string[] | '*';
  lowerCaseValues: string[];
  sort: boolean;
  dropEmpty: boolean;
}

export function normalizeQuery(querystring: string, settings: QueryNormalization): string {
  const allowed = settings.allowed === '*' ? undefined : new Set(settings.allowed);
  const lowerValues = new Set(settings.lowerCaseValues);
  const entries: Array<[string, string]> = [];
  for (const [rawName, rawValue] of parseQueryEntries(querystring)) {
    const name = rawName.trim().toLowerCase();
    if (allowed && !allowed.has(name)) continue;
    const value = lowerValues.has(name) ? rawValue.toLowerCase() : rawValue;
    if (settings.dropEmpty && value === '') continue;
    entries.push([name, value]);
  }
  // Array.prototype.sort is stable, so repeated names keep their order.
  if (settings.sort) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return stringifyQuery(entries);
}

export function createQueryNormalizer(
  settings: QueryNormalization,
): (event: ViewerRequestEvent) => Promise<ViewerRequest> {
  return async (event) => {
    const { request } = event.Records[0].cf;
    request.querystring = normalizeQuery(request.querystring, settings);
    return request;
  };
}
