import type { Origin } from '@edge-app/events';
import type { OriginConfig } from '../../config.ts';
import { createDirectoryOrigin } from './directory.ts';
import { createHandlerOrigin } from './handler.ts';
import type { OriginClient } from './types.ts';
import { createUrlOrigin } from './url.ts';

export type * from './types.ts';

export function createOriginClient(name: string, config: OriginConfig, root: string): OriginClient {
  if ('url' in config) return createUrlOrigin(config, { label: `"${name}" (${config.url})` });
  if ('dir' in config) return createDirectoryOrigin(config, root, `"${name}" (${config.dir}/)`);
  return createHandlerOrigin(config, name);
}

/**
 * An origin an origin-request function pointed somewhere else
 * (docs/cloudfront-rules.md#origin-fields: it may rewrite `origin.custom` or swap it for
 * `origin.s3`). Requests go to the address the fields describe, with the timeouts they give.
 */
export function originFromEvent(
  origin: Origin,
  settings: { connectionAttempts?: number; connectionTimeout?: number },
): OriginClient {
  const url = origin.custom
    ? `${origin.custom.protocol}://${origin.custom.domainName}:${origin.custom.port}${origin.custom.path}`
    : `https://${origin.s3!.domainName}${origin.s3!.path}`;
  const advice =
    'The origin-request function set `request.origin` to this address; make it reachable from this machine, or change what the function sets.';
  return createUrlOrigin(
    {
      url,
      ...(origin.custom ? { originReadTimeout: origin.custom.readTimeout } : {}),
      ...settings,
    },
    {
      label: `${url} (set by the origin-request function)`,
      unreachableFix: advice,
      timeoutFix: advice,
    },
  );
}
