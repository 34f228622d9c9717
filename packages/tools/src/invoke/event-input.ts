/**
 * The event `edge invoke` sends: read from a JSON file (`--event`; what CloudFront always
 * fills but the file leaves out is filled, as SAM CLI and Lambda console events need), or built
 * from flags with the @edge-app/events builders, the way `pnpm dev` would make it for that
 * function: an origin event carries the origin of the behavior the function is associated with.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type AnyEvent,
  type EventType,
  type HeadersInit,
  InvalidEventError,
  normalizeEvent,
  type Origin,
  type OriginInit,
  originRequest,
  originResponse,
  viewerRequest,
  viewerResponse,
} from '@edge-app/events';
import {
  compilePathPattern,
  type EdgeConfig,
  eventOrigin,
  type FunctionAssociation,
} from '@edge-app/runtime';
import { ToolsError } from '../errors.ts';

export interface EventFlags {
  /** `--event <file>`: the whole event. */
  file?: string;
  uri?: string;
  method?: string;
  /** `--header name:value`, repeated. */
  headers?: string[];
  /** `--body <text>`: the request body, exposed as IncludeBody exposes it. */
  body?: string;
  /** `--status <n>`: the response's status, for response events. */
  status?: string;
  /** `--response-header name:value`, repeated: the response's headers, for response events. */
  responseHeaders?: string[];
}

/** Where the function is associated in edge.config.ts, if anywhere. */
export interface Placement {
  /** The behavior's path pattern (`*` for the default behavior). */
  pathPattern: string;
  /** The origin, or the origin group's primary, misses go to. */
  originName: string;
  association: FunctionAssociation;
}

const REQUEST_ONLY = ['body'] as const;
const RESPONSE_ONLY = ['status', 'responseHeaders'] as const;

export function eventFor(
  eventType: EventType,
  flags: EventFlags,
  config: EdgeConfig,
  functionName: string,
  cwd: string,
): AnyEvent {
  const { file, ...built } = flags;
  if (file !== undefined) {
    const given = Object.entries(built).filter(([, value]) => value !== undefined);
    if (given.length > 0) {
      throw new ToolsError(
        'usage',
        `edge invoke: --event gives the whole event; ${given.map(([name]) => flagName(name)).join(', ')} cannot be added to it.`,
        { hint: 'Change the file, or leave out --event to build the event from flags.' },
      );
    }
    return eventFromFile(resolve(cwd, file), eventType);
  }
  const isRequestEvent = eventType === 'viewer-request' || eventType === 'origin-request';
  for (const name of isRequestEvent ? RESPONSE_ONLY : REQUEST_ONLY) {
    if (flags[name] !== undefined) {
      throw new ToolsError(
        'usage',
        `edge invoke: ${flagName(name)} does not apply to a ${eventType} function.`,
        {
          hint: isRequestEvent
            ? 'Request events carry no response; --status and --response-header are for origin-response and viewer-response.'
            : 'Response events carry no request body (CloudFront never exposes it to them).',
        },
      );
    }
  }
  const uri = flags.uri ?? '/';
  const request = {
    uri,
    method: (flags.method ?? 'GET').toUpperCase(),
    headers: parseHeaders(flags.headers, '--header'),
  };
  const placement = placementOf(config, functionName, uri.split('?')[0] ?? '/');
  const origin = placement ? originOf(config, placement.originName) : undefined;
  try {
    switch (eventType) {
      case 'viewer-request':
        return viewerRequest({ ...request, ...bodyInit(flags) });
      case 'origin-request':
        return originRequest({ ...request, ...bodyInit(flags), ...(origin ? { origin } : {}) });
      case 'origin-response':
        return originResponse({
          ...responseInit(flags),
          request: { ...request, ...(origin ? { origin } : {}) },
        });
      case 'viewer-response':
        return viewerResponse({ ...responseInit(flags), request });
    }
  } catch (error) {
    // The builders refuse a URI without "/", a status outside 100-599.
    throw new ToolsError('usage', `edge invoke: ${(error as Error).message}`, {
      hint: 'Fix the flag the message names; `edge invoke --help` lists them.',
    });
  }
}

function flagName(key: string): string {
  return key === 'responseHeaders'
    ? '--response-header'
    : key === 'headers'
      ? '--header'
      : `--${key}`;
}

function bodyInit(flags: EventFlags) {
  return flags.body === undefined ? {} : { body: flags.body };
}

function responseInit(flags: EventFlags) {
  return {
    ...(flags.status === undefined ? {} : { status: flags.status }),
    headers: parseHeaders(flags.responseHeaders, '--response-header'),
  };
}

/** `name:value` flags → headers; a repeated name keeps every value, in order. */
function parseHeaders(values: string[] | undefined, flag: string): HeadersInit {
  const headers: Record<string, string[]> = {};
  for (const value of values ?? []) {
    const colon = value.indexOf(':');
    const name = colon > 0 ? value.slice(0, colon).trim() : '';
    if (!name) {
      throw new ToolsError(
        'usage',
        `edge invoke: ${flag} ${JSON.stringify(value)} is not name:value.`,
        {
          hint: `Write it as ${flag} 'accept-language: de', one header per flag.`,
        },
      );
    }
    const list = headers[name.toLowerCase()] ?? [];
    list.push(value.slice(colon + 1).trim());
    headers[name.toLowerCase()] = list;
  }
  return headers;
}

function eventFromFile(path: string, eventType: EventType): AnyEvent {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ToolsError(
      'usage',
      `edge invoke: cannot read the event file ${path}: ${(error as Error).message}`,
      {
        hint: 'Give the path of a JSON event: one `sam local generate-event cloudfront` prints, or a trigger\'s "Event received" copied from the inspector (pnpm dev, /__edge/).',
      },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ToolsError('usage', `edge invoke: ${path} is not JSON: ${(error as Error).message}`, {
      hint: 'The file must hold one CloudFront event: { "Records": [{ "cf": { ... } }] }.',
    });
  }
  try {
    return normalizeEvent(raw, { eventType });
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    throw new ToolsError(
      'usage',
      `edge invoke: ${path} is not a ${eventType} event: ${error.path} ${error.problem}.`,
      {
        hint: error.fix,
      },
    );
  }
}

/**
 * The behavior the function would run in for `path`: the one CloudFront selects for the path
 * when it runs the function, else the first that runs it.
 */
export function placementOf(
  config: EdgeConfig,
  functionName: string,
  path: string,
): Placement | undefined {
  const behaviors = [...(config.behaviors ?? []), { ...config.defaultBehavior, pathPattern: '*' }];
  const runs = behaviors.flatMap((behavior) => {
    const association = Object.values(behavior.functions ?? {})
      .map((value) => (typeof value === 'string' ? { function: value } : value))
      .find((value) => value?.function === functionName);
    return association ? [{ behavior, association }] : [];
  });
  const selected = behaviors.find((behavior) => compilePathPattern(behavior.pathPattern)(path));
  const found = runs.find(({ behavior }) => behavior === selected) ?? runs[0];
  if (!found) return undefined;
  const target = found.behavior.origin ?? 'default';
  const group = Object.hasOwn(config.originGroups ?? {}, target)
    ? config.originGroups?.[target]
    : undefined;
  return {
    pathPattern: found.behavior.pathPattern,
    originName: group?.members[0] ?? target,
    association: found.association,
  };
}

function originOf(config: EdgeConfig, name: string): OriginInit | undefined {
  const settings = config.origins[name];
  if (!settings) return undefined;
  const origin: Origin = eventOrigin(name, settings);
  return origin.custom ? { custom: origin.custom } : { s3: origin.s3 };
}
