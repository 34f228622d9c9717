/**
 * A redirect table compiled once per container (cold start) into matchers. Rules are checked
 * in order against the request's `uri` (the path, without the query string, as CloudFront
 * passes it); the first that matches answers with its status and a `Location`.
 */
import type { GeneratedResponse, ViewerRequest, ViewerRequestEvent } from '@edge-app/events';

export type RedirectStatus = 301 | 302 | 307 | 308;

export interface RedirectRule {
  /** `exact`: the whole path. `prefix`: the path starts with `from`; the rest is appended to `to`. `wildcard`: `*` matches any run of characters. */
  match: 'exact' | 'prefix' | 'wildcard';
  from: string;
  /** A path or an absolute URL. With `wildcard`, `$1`… are the `*` captures. */
  to: string;
  /** 301/308 are permanent (cached by browsers), 302/307 temporary; 307/308 keep the method. */
  status?: RedirectStatus;
  /** `keep` (default) carries the viewer's query string over to the destination. */
  query?: 'keep' | 'drop';
}

const DESCRIPTIONS: Record<RedirectStatus, string> = {
  301: 'Moved Permanently',
  302: 'Found',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
};

interface CompiledRule {
  /** The destination for a path, or undefined when the rule does not match. */
  target(path: string): string | undefined;
  status: RedirectStatus;
  keepQuery: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(rule: RedirectRule, index: number): CompiledRule {
  const where = `Redirect rule #${index + 1} (${JSON.stringify(rule.from)})`;
  if (!rule.from.startsWith('/')) throw new Error(`${where}: "from" must start with "/".`);
  if (!/^(\/|https?:\/\/)/.test(rule.to)) {
    throw new Error(`${where}: "to" must be a path starting with "/" or an http(s) URL.`);
  }
  const status = rule.status ?? 301;
  if (!(status in DESCRIPTIONS)) throw new Error(`${where}: status must be 301, 302, 307 or 308.`);
  const keepQuery = (rule.query ?? 'keep') === 'keep';
  switch (rule.match) {
    case 'exact':
      return { status, keepQuery, target: (path) => (path === rule.from ? rule.to : undefined) };
    case 'prefix':
      return {
        status,
        keepQuery,
        target: (path) =>
          path.startsWith(rule.from)
            ? appendPath(rule.to, path.slice(rule.from.length))
            : undefined,
      };
    case 'wildcard': {
      const pattern = new RegExp(`^${rule.from.split('*').map(escapeRegExp).join('(.*)')}$`);
      const groups = rule.from.split('*').length - 1;
      const highest = Math.max(0, ...[...rule.to.matchAll(/\$(\d)/g)].map((m) => Number(m[1])));
      if (highest > groups)
        throw new Error(`${where}: "to" uses $${highest} but "from" has ${groups} "*".`);
      return {
        status,
        keepQuery,
        target: (path) => {
          const found = pattern.exec(path);
          return found
            ? rule.to.replace(/\$(\d)/g, (_, n: string) => found[Number(n)] ?? '')
            : undefined;
        },
      };
    }
    default:
      throw new Error(`${where}: match must be "exact", "prefix" or "wildcard".`);
  }
}

/** `to` with `rest` added to its path, before any query string `to` has of its own. */
function appendPath(to: string, rest: string): string {
  const queryAt = to.indexOf('?');
  return queryAt === -1 ? to + rest : to.slice(0, queryAt) + rest + to.slice(queryAt);
}

/** Joins the viewer's query string to a destination that may have its own. */
function withQuery(location: string, querystring: string): string {
  if (!querystring) return location;
  return `${location}${location.includes('?') ? '&' : '?'}${querystring}`;
}

export function createRedirects(
  rules: RedirectRule[],
): (event: ViewerRequestEvent) => Promise<ViewerRequest | GeneratedResponse> {
  const compiled = rules.map(compile);
  return async (event) => {
    const { request } = event.Records[0].cf;
    for (const rule of compiled) {
      const target = rule.target(request.uri);
      if (target === undefined) continue;
      const location = rule.keepQuery ? withQuery(target, request.querystring) : target;
      return {
        status: String(rule.status),
        statusDescription: DESCRIPTIONS[rule.status],
        headers: {
          location: [{ key: 'Location', value: location }],
          'cache-control': [{ key: 'Cache-Control', value: 'max-age=3600' }],
        },
      };
    }
    return request;
  };
}
