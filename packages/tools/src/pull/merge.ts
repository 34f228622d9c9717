/**
 * What edge.config.ts says after a pull: the distribution's behaviors, policies, origin
 * settings, origin groups, error responses and default root object, with what stays the
 * owner's — the function associations, stages, `dev`, limits, and where `pnpm dev` sends each
 * origin's requests (origins-plan.ts).
 */
import type {
  BehaviorConfig,
  CustomErrorResponse,
  EdgeConfig,
  OriginGroupConfig,
} from '@edge-app/runtime';
import type { FunctionPackage } from '../project.ts';
import { behaviorDifferences } from './compare.ts';
import type { RemoteConfig } from './from-distribution.ts';
import { type PlannedOrigin, planOrigins } from './origins-plan.ts';
import {
  type BehaviorSettings,
  PULLED_BEHAVIOR_FIELDS,
  type RemoteBehavior,
} from './remote-behavior.ts';

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

/** The stage pulled: which of the distribution's functions are its own packages. */
export interface Stage {
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
