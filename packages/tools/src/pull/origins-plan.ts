/**
 * The origins after a pull. The distribution names its origins, and the local behaviors name
 * them the same way after a pull. Where each one's requests go under `pnpm dev` stays local, so
 * the owner can still work offline:
 * 1. a local origin of the same name keeps its target (`dir`, `url`, `handler`) and takes the
 *    distribution's connection attempts, timeouts and custom header names;
 * 2. otherwise, the local origin the same behavior used before lends its target (renamed when
 *    nothing else uses it), so `default: { dir: 'public' }` becomes `site: { dir: 'public' }`;
 *    a directory stands in only for an S3 origin, a URL or handler only for a custom one;
 * 3. otherwise a custom origin is reached at its real URL, and an S3 origin is served from
 *    `s3/<bucket>` (a missing key answers 403 as a read-only bucket does until it is copied).
 */
import type { BehaviorConfig, EdgeConfig, OriginConfig } from '@edge-app/runtime';
import { originDifferences } from './compare.ts';
import type { RemoteConfig, RemoteOrigin } from './from-distribution.ts';
import type { RemoteBehavior } from './remote-behavior.ts';

export interface PlannedOrigin {
  name: string;
  /** The local origin it is renamed from, or whose target it copies. */
  from?: { name: string; rename: boolean };
  value: OriginConfig;
}

export function planOrigins(
  local: EdgeConfig,
  remote: RemoteConfig,
  keptTargets: Set<string>,
  notes: string[],
): PlannedOrigin[] {
  const remoteIds = new Set(remote.origins.map((o) => o.id));
  const lenders = lendingOrigins(local, remote, remoteIds);
  const renamed = new Set<string>();
  return remote.origins.map((origin): PlannedOrigin => {
    const own = local.origins[origin.id];
    if (own) return { name: origin.id, value: withRemoteSettings(own, origin, notes) };
    const lender = lenders.get(origin.id);
    const target = lender ? local.origins[lender] : undefined;
    if (lender && target && (!('handler' in target) || canRename(lender))) {
      const rename = canRename(lender);
      if (rename) renamed.add(lender);
      notes.push(
        rename
          ? `Origin "${lender}" is now "${origin.id}", the distribution's name for it; \`pnpm dev\` still sends its requests where "${lender}" did.`
          : `Origin "${origin.id}" is served under \`pnpm dev\` where "${lender}" is.`,
      );
      return {
        name: origin.id,
        from: { name: lender, rename },
        value: withRemoteSettings(target, origin, notes),
      };
    }
    return { name: origin.id, value: newOrigin(origin, notes) };
  });

  function canRename(name: string): boolean {
    return !renamed.has(name) && !keptTargets.has(name) && !remoteIds.has(name);
  }
}

/**
 * For each distribution origin without a local one of its name, the local origin that the
 * same behavior (by path pattern) used, when that one is not itself a distribution origin.
 */
function lendingOrigins(
  local: EdgeConfig,
  remote: RemoteConfig,
  remoteIds: Set<string>,
): Map<string, string> {
  const lenders = new Map<string, string>();
  const pairs: Array<[RemoteBehavior, Partial<BehaviorConfig> | undefined]> = [
    [remote.defaultBehavior, local.defaultBehavior],
    ...remote.behaviors.map((b): [RemoteBehavior, BehaviorConfig | undefined] => [
      b,
      local.behaviors?.find((l) => l.pathPattern === b.pathPattern),
    ]),
  ];
  for (const [remoteBehavior, localBehavior] of pairs) {
    if (!localBehavior) continue;
    const lender = localBehavior.origin ?? 'default';
    const lent = local.origins[lender];
    if (!lent || remoteIds.has(lender)) continue;
    const target = remoteBehavior.settings.origin ?? '';
    const members = remote.originGroups[target]?.members ?? [target];
    for (const member of members) {
      const kind = remote.origins.find((o) => o.id === member)?.kind;
      // A directory stands in for a bucket, a server for a custom origin; not the other way.
      if (kind === undefined || 'dir' in lent !== (kind === 's3')) continue;
      if (!local.origins[member] && !lenders.has(member)) lenders.set(member, lender);
    }
  }
  return lenders;
}

/**
 * A local origin's target with the distribution origin's connection settings; a setting is
 * written only where its effective value differs, so an unchanged origin reads as it did.
 */
function withRemoteSettings(
  local: OriginConfig,
  remote: RemoteOrigin,
  notes: string[],
): OriginConfig {
  const next: Record<string, unknown> = { ...local };
  for (const field of originDifferences(local, remote)) {
    if (field === 'customHeaders') {
      const headers = mergeHeaders(local.customHeaders, remote, notes);
      if (headers) next.customHeaders = headers;
      else delete next.customHeaders;
      continue;
    }
    next[field] = remote.settings[field];
    if (field === 'originReadTimeout') delete next.timeoutMs;
  }
  return next as unknown as OriginConfig;
}

/**
 * The distribution's custom header names; a header already in edge.config.ts keeps its local
 * value, so a secret the owner replaced with a placeholder stays out of the file.
 */
function mergeHeaders(
  local: Record<string, string> | undefined,
  remote: RemoteOrigin,
  notes: string[],
): Record<string, string> | undefined {
  const remoteHeaders = remote.settings.customHeaders ?? {};
  const names = Object.keys(remoteHeaders);
  if (names.length === 0) return undefined;
  const localByName = new Map(
    Object.entries(local ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const written = names.filter((name) => !localByName.has(name.toLowerCase()));
  if (written.length > 0) {
    notes.push(
      `Origin "${remote.id}" sends the custom header${written.length > 1 ? 's' : ''} ${written.join(', ')}: the value${written.length > 1 ? 's are' : ' is'} now in edge.config.ts. If one is a secret, replace it there; pull keeps a value it finds.`,
    );
  }
  return Object.fromEntries(
    names.map((name) => [name, localByName.get(name.toLowerCase()) ?? remoteHeaders[name] ?? '']),
  );
}

function newOrigin(remote: RemoteOrigin, notes: string[]): OriginConfig {
  const { connectionAttempts, connectionTimeout, customHeaders, originReadTimeout } =
    remote.settings;
  const settings = {
    ...(connectionAttempts !== 3 ? { connectionAttempts } : {}),
    ...(connectionTimeout !== 10 ? { connectionTimeout } : {}),
  };
  if (customHeaders) mergeHeaders(undefined, remote, notes);
  if (remote.kind === 'custom') {
    notes.push(
      `Origin "${remote.id}" is new: \`pnpm dev\` sends its requests to ${remote.url} (change \`url\` to a local server to work offline).`,
    );
    return {
      url: remote.url,
      ...(originReadTimeout !== undefined && originReadTimeout !== 30 ? { originReadTimeout } : {}),
      ...settings,
      ...(customHeaders ? { customHeaders } : {}),
    };
  }
  const bucket = remote.domainName.split('.s3')[0] || remote.id;
  const dir = `s3/${bucket.replace(/[^A-Za-z0-9._-]/g, '-')}${remote.originPath}`;
  notes.push(
    `Origin "${remote.id}" is the S3 bucket ${bucket}: \`pnpm dev\` serves it from ${dir} (\`aws s3 sync s3://${bucket}${remote.originPath} ${dir}\` copies it there).`,
  );
  return { dir, ...settings, ...(customHeaders ? { customHeaders } : {}) };
}
