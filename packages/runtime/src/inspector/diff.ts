/**
 * What a function changed: the request or response it received against what it returned, field
 * by field (method, URI, query string, origin, status, headers by name, body). A request function
 * that answered instead of forwarding shows its response as added.
 */
import type { AnyEvent, Headers } from '@edge-app/events';
import type { InvokeOutcome } from '../invoke/index.ts';
import type { Change } from './types.ts';

type Fields = Record<string, string | undefined>;

export function resultChanges(event: AnyEvent, outcome: InvokeOutcome): Change[] {
  const { cf } = event.Records[0];
  if (outcome.kind === 'error') return [];
  const received = 'response' in cf ? responseFields(cf.response) : requestFields(cf.request);
  if (outcome.kind === 'request') return compare(received, requestFields(outcome.request));
  const returned = responseFields(outcome.response);
  // A generated response replaces the request: everything in it is new.
  if (outcome.generated) return compare({}, returned);
  // Left out, the description stays what it was (pipeline/results.ts applyResult).
  if (returned.statusDescription === undefined) delete received.statusDescription;
  return compare(received, returned);
}

function requestFields(request: object): Fields {
  const r = request as {
    method?: string;
    uri?: string;
    querystring?: string;
    headers?: Headers;
    body?: { data?: string; encoding?: string; action?: string };
    origin?: unknown;
  };
  return {
    method: r.method,
    uri: r.uri,
    querystring: r.querystring,
    ...(r.origin === undefined ? {} : { origin: describeOrigin(r.origin) }),
    ...headerFields(r.headers),
    ...(r.body === undefined ? {} : { body: describeBody(r.body.data, r.body.encoding) }),
  };
}

function responseFields(response: object): Fields {
  const r = response as {
    status?: string | number;
    statusDescription?: string;
    headers?: Headers;
    body?: string;
    bodyEncoding?: string;
  };
  return {
    status: r.status === undefined ? undefined : String(r.status),
    statusDescription: r.statusDescription,
    ...headerFields(r.headers),
    ...(r.body === undefined ? {} : { body: describeBody(r.body, r.bodyEncoding) }),
  };
}

/**
 * `header <name>` → every value of that name, one per line. Keys are left out: a key the
 * function omits is CloudFront's title-cased spelling, not a change.
 */
function headerFields(headers: Headers | undefined): Fields {
  const fields: Fields = {};
  for (const [name, lines] of Object.entries(headers ?? {})) {
    fields[`header ${name}`] = lines.map((line) => String(line.value)).join('\n');
  }
  return fields;
}

function describeBody(data: string | undefined, encoding: string | undefined): string {
  return encoding === 'base64' ? `(base64) ${data ?? ''}` : (data ?? '');
}

function describeOrigin(origin: unknown): string {
  const { custom, s3 } = origin as {
    custom?: { protocol?: string; domainName?: string; port?: number; path?: string };
    s3?: { domainName?: string; path?: string };
  };
  if (custom) return `${custom.protocol}://${custom.domainName}:${custom.port}${custom.path ?? ''}`;
  if (s3) return `s3://${s3.domainName}${s3.path ?? ''}`;
  return JSON.stringify(origin);
}

function compare(before: Fields, after: Fields): Change[] {
  const changes: Change[] = [];
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const field of names) {
    const was = before[field];
    const is = after[field];
    if (was === is) continue;
    changes.push({
      field,
      ...(was === undefined ? {} : { before: was }),
      ...(is === undefined ? {} : { after: is }),
    });
  }
  return changes;
}
