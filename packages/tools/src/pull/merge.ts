/**
 * What edge.config.ts says after a pull: the distribution's behaviors, policies, origin
 * settings, origin groups, error responses and default root object, with what stays the
 * owner's — the function associations, stages, `dev`, limits, and where `pnpm dev` sends each
 * origin's requests.
 *
 * Origins: the distribution names its origins, and the local behaviors name them the same way
 * after a pull. Where each one's requests go under `pnpm dev` stays local, so the owner can
 * still work offline:
 * 1. a local origin of the same name keeps its target (`dir`, `url`, `handler`) and takes the
 *    distribution's connection attempts, timeouts and custom header names;
 * 2. otherwise, the local origin the same behavior used before lends its target (renamed when
 *    nothing else uses it), so `default: { dir: 'public' }` becomes `site: { dir: 'public' }`;
 *    a directory stands in only for an S3 origin, a URL or handler only for a custom one;
 * 3. otherwise a custom origin is reached at its real URL, and an S3 origin is served from
 *    `s3/<bucket>` (a missing key answers 403 as a read-only bucket does until it is copied).
 */
import type {
  BehaviorConfig,
  CustomErrorResponse,
  EdgeConfig,
  OriginConfig,
  OriginGroupConfig,
} from '@edge-app/runtime';
import type { FunctionPackage } from '../project.ts';
import { behaviorDifferences, originDifferences } from './compare.ts';
import {
  type BehaviorSettings,
  PULLED_BEHAVIOR_FIELDS,
  type RemoteBehavior,
  type RemoteConfig,
  type RemoteOrigin,
} from './from-distribution.ts';

export interface PlannedOrigin {
  name: string;
  /** The local origin it is renamed from, or whose target it copies. */
  from?: { name: string; rename: boolean };
  value: OriginConfig;
}

export interface PlannedBehavior {
  /** Undefined for the default behavior. */
  pathPattern: string | undefined;
  /** Index in the local `behaviors`, when it was there; -1 for the default behavior. */
  localIndex: number | undefined;
  /** Undefined for a local behavior the distribution lacks, kept for its functions. */
  settings: BehaviorSettings | undefined;
  /** The whole behavior as it will read. */
  value: BehaviorConfig;
}

export interface PullPlan {
  origins: PlannedOrigin[];
  /** Local origins no longer in the file. */
  removedOrigins: string[];
  originGroups: Record<string, OriginGroupConfig> | undefined;
  defaultBehavior: PlannedBehavior;
  behaviors: PlannedBehavior[];
  customErrorResponses: CustomErrorResponse[] | undefined;
  defaultRootObject: string | undefined;
  /** edge.config.ts's object after the pull. */
  config: EdgeConfig;
  notes: string[];
}

export interface Stage {
  name: string;
  functionNamePrefix: string;
  functions: Pick<FunctionPackage, 'name' | 'eventType'>[];
}

export function planPull(local: EdgeConfig, remote: RemoteConfig, stage: Stage): PullPlan {
  const notes = [...remote.notes];
  const localBehaviors = local.behaviors ?? [];
  const remotePatterns = new Set(remote.behaviors.map((b) => b.pathPattern));

  // Local behaviors the distribution lacks: kept when they associate functions (dropping them
  // would lose the association; deploy refuses them until the distribution has them).
  const kept = localBehaviors
    .map((behavior, index) => ({ behavior, index }))
    .filter(({ behavior }) => !remotePatterns.has(behavior.pathPattern))
    .filter(({ behavior }) => {
      const hasFunctions = Object.keys(behavior.functions ?? {}).length > 0;
      notes.push(
        hasFunctions
          ? `Kept behavior "${behavior.pathPattern}", which the distribution does not have, for its functions; \`edge deploy\` needs it on the distribution first.`
          : `Removed behavior "${behavior.pathPattern}", which the distribution does not have.`,
      );
      return hasFunctions;
    });

  const keptTargets = new Set(
    kept.flatMap(({ behavior }) => {
      const target = behavior.origin ?? 'default';
      return [target, ...(local.originGroups?.[target]?.members ?? [])];
    }),
  );
  const originGroups = { ...remote.originGroups };
  for (const target of keptTargets) {
    const group = local.originGroups?.[target];
    if (group && !(target in originGroups)) originGroups[target] = group;
  }

  const origins = planOrigins(local, remote, keptTargets, notes);
  const planned = new Map(origins.map((o) => [o.name, o.value]));
  const removedOrigins = Object.keys(local.origins).filter(
    (name) => !planned.has(name) && !keptTargets.has(name),
  );
  for (const name of Object.keys(local.origins)) {
    if (!planned.has(name) && keptTargets.has(name)) planned.set(name, local.origins[name]!);
  }
  for (const name of removedOrigins) {
    if (!origins.some((o) => o.from?.name === name && o.from.rename)) {
      notes.push(`Removed origin "${name}", which no behavior uses after the pull.`);
    }
  }

  const defaultBehavior = planBehavior(remote.defaultBehavior, local.defaultBehavior, -1, stage);
  const behaviors = orderBehaviors(
    remote.behaviors.map((b) => {
      const index = localBehaviors.findIndex((l) => l.pathPattern === b.pathPattern);
      return planBehavior(b, index === -1 ? undefined : localBehaviors[index], index, stage);
    }),
    kept.map(({ behavior, index }) => ({
      pathPattern: behavior.pathPattern,
      localIndex: index,
      settings: undefined,
      value: behavior,
    })),
  );

  const customErrorResponses =
    remote.customErrorResponses.length > 0 ? remote.customErrorResponses : undefined;
  const groups = Object.keys(originGroups).length > 0 ? originGroups : undefined;
  const config: EdgeConfig = { ...local, origins: Object.fromEntries(planned) };
  setOrDelete(config, 'originGroups', groups);
  config.defaultBehavior = withoutPathPattern(defaultBehavior.value);
  setOrDelete(
    config,
    'behaviors',
    behaviors.length > 0 ? behaviors.map((b) => b.value) : undefined,
  );
  if (local.behaviors && behaviors.length === 0) config.behaviors = [];
  setOrDelete(config, 'customErrorResponses', customErrorResponses);
  setOrDelete(config, 'defaultRootObject', remote.defaultRootObject);
  return {
    origins,
    removedOrigins,
    originGroups: groups,
    defaultBehavior,
    behaviors,
    customErrorResponses,
    defaultRootObject: remote.defaultRootObject,
    config,
    notes,
  };
}

function setOrDelete<K extends keyof EdgeConfig>(
  config: EdgeConfig,
  key: K,
  value: EdgeConfig[K] | undefined,
): void {
  if (value === undefined) delete config[key];
  else config[key] = value;
}

function withoutPathPattern(behavior: BehaviorConfig): EdgeConfig['defaultBehavior'] {
  const { pathPattern: _, ...rest } = behavior;
  return rest;
}

function planOrigins(
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

function planBehavior(
  remote: RemoteBehavior,
  local: Partial<BehaviorConfig> | undefined,
  localIndex: number,
  stage: Stage,
): PlannedBehavior {
  const pattern = remote.pathPattern;
  if (local) {
    const value: Record<string, unknown> = { ...local };
    for (const field of behaviorDifferences(local, remote.settings)) {
      const want = remote.settings[field];
      if (want === undefined) delete value[field];
      else value[field] = want;
    }
    return {
      pathPattern: pattern,
      localIndex,
      settings: remote.settings,
      value: value as unknown as BehaviorConfig,
    };
  }
  return {
    pathPattern: pattern,
    localIndex: undefined,
    settings: remote.settings,
    value: {
      ...(pattern === undefined ? {} : { pathPattern: pattern }),
      ...compact(remote.settings),
      ...stageFunctions(remote, stage),
    } as BehaviorConfig,
  };
}

/**
 * A new behavior's settings: its origin and cache policy (or legacy settings) always, the
 * other fields where they differ from the config's default.
 */
function compact(settings: BehaviorSettings): Partial<BehaviorSettings> {
  const out: Record<string, unknown> = {};
  for (const field of PULLED_BEHAVIOR_FIELDS) {
    const value = settings[field];
    if (value === undefined) continue;
    const always = field === 'origin' || field === 'cachePolicy' || field === 'cache';
    if (always || behaviorDifferences({ [field]: value }, {}).length > 0) out[field] = value;
  }
  return out;
}

/**
 * The distribution's associations of this stage's own functions on a behavior new to
 * edge.config.ts: written as its `functions`, so the next deploy keeps them rather than
 * removing them from a behavior it now configures.
 */
function stageFunctions(remote: RemoteBehavior, stage: Stage): Pick<BehaviorConfig, 'functions'> {
  const functions: Record<string, string | { function: string; includeBody: true }> = {};
  for (const association of remote.lambda) {
    if (!association.functionName.startsWith(stage.functionNamePrefix)) continue;
    const name = association.functionName.slice(stage.functionNamePrefix.length);
    const pkg = stage.functions.find((f) => f.name === name);
    if (!pkg || pkg.eventType !== association.eventType) continue;
    functions[association.eventType] = association.includeBody
      ? { function: name, includeBody: true }
      : name;
  }
  return Object.keys(functions).length > 0 ? { functions } : {};
}

/**
 * The distribution's order, with each kept local-only behavior placed just before the behavior
 * that followed it locally (or last), so it keeps matching where it did.
 */
function orderBehaviors(pulled: PlannedBehavior[], kept: PlannedBehavior[]): PlannedBehavior[] {
  const result = [...pulled];
  for (const behavior of kept) {
    const after = result.findIndex(
      (b) => b.localIndex !== undefined && b.localIndex > (behavior.localIndex ?? 0),
    );
    if (after === -1) result.push(behavior);
    else result.splice(after, 0, behavior);
  }
  return result;
}
