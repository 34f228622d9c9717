/**
 * Error pages at the edge. origin-response runs for every origin status, 4xx and 5xx included,
 * before CloudFront caches the response (docs/cloudfront-rules.md#pipeline-order, step 6): what
 * this returns is what the cache serves until `cacheSeconds` have passed. viewer-response does not
 * run for statuses of 400 and above, so this is the place for it.
 */
import type { OriginResponseEvent, ResultResponse } from '@edge-app/events';

export type ErrorRule =
  /** Replace the body with `page` (HTML), optionally with another status. */
  | { page: string; status?: number; cacheSeconds?: number }
  /** Answer with a redirect instead. */
  | { redirect: string; status?: 301 | 302 | 303 | 307 | 308; cacheSeconds?: number };

export type ErrorRules = Record<string, ErrorRule>;

const REASONS: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function check(rules: ErrorRules): void {
  for (const [key, rule] of Object.entries(rules)) {
    if (!/^[45](\d\d|xx)$/.test(key))
      throw new Error(
        `Error rule "${key}": use a 4xx/5xx status like "404" or a class "4xx"/"5xx".`,
      );
    const status = rule.status;
    // origin-response may set any status from 200 to 599
    // (docs/cloudfront-rules.md#event-response-fields).
    if (status !== undefined && (!Number.isInteger(status) || status < 200 || status > 599)) {
      throw new Error(`Error rule "${key}": status ${status} is outside 200–599.`);
    }
    if ('redirect' in rule && !/^(\/|https?:\/\/)/.test(rule.redirect)) {
      throw new Error(
        `Error rule "${key}": redirect must be a path starting with "/" or an http(s) URL.`,
      );
    }
  }
}

function ruleFor(rules: ErrorRules, status: string): ErrorRule | undefined {
  return rules[status] ?? rules[`${status[0]}xx`];
}

export function createErrorPages(
  rules: ErrorRules,
): (event: OriginResponseEvent) => Promise<ResultResponse> {
  check(rules);
  return async (event) => {
    const { response } = event.Records[0].cf;
    const rule = Number(response.status) >= 400 ? ruleFor(rules, response.status) : undefined;
    if (!rule) return response;

    const status = rule.status ?? ('redirect' in rule ? 302 : Number(response.status));
    const headers = { ...response.headers };
    // The origin's body is replaced: its description of that body no longer applies.
    delete headers['content-type'];
    delete headers['content-encoding'];
    delete headers.etag;
    delete headers['last-modified'];
    headers['cache-control'] = [
      { key: 'Cache-Control', value: `max-age=${rule.cacheSeconds ?? 0}` },
    ];
    if ('redirect' in rule) {
      headers.location = [{ key: 'Location', value: rule.redirect }];
      // An empty body removes the origin's (docs/cloudfront-rules.md#event-response-fields).
      return {
        status: String(status),
        statusDescription: REASONS[status] ?? '',
        headers,
        body: '',
      };
    }
    headers['content-type'] = [{ key: 'Content-Type', value: 'text/html; charset=utf-8' }];
    return {
      status: String(status),
      statusDescription: REASONS[status] ?? '',
      headers,
      body: rule.page,
      bodyEncoding: 'text',
    };
  };
}
