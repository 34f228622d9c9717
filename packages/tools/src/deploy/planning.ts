/**
 * The read-only half of a deploy: who is deploying, the role, the distribution and each
 * function as they are now, and from them what would change. A --dry-run plans even when AWS
 * cannot be read (no credentials, offline, no distribution id yet): what it could not read is
 * marked, and everything local (build, sizes, limits, names, associations) is still shown.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { EdgeConfig } from '@edge-app/runtime';
import { ToolsError } from '../errors.ts';
import { readPolicies } from '../pull/read.ts';
import { awsCall } from './aws-errors.ts';
import {
  type AssociationRecord,
  associationsOf,
  checkDistributionFits,
  type DistributionSnapshot,
  functionNameOfArn,
  isStageFunction,
  keepForeign,
  readDistribution,
} from './distribution.ts';
import { localDrift } from './drift.ts';
import { type BuiltCode, type FunctionPlan, planFunction, plannedArn } from './functions.ts';
import { planRole, type RolePlan } from './role.ts';
import type { DeployDeps } from './session.ts';
import type { DeployTarget } from './target.ts';

export interface Unread {
  what: string;
  reason: string;
  /** What would let it be read. */
  hint?: string;
}

export interface DeployPlan {
  account?: { id: string; arn: string };
  role: RolePlan;
  /** Undefined when the distribution was not read. */
  snapshot?: DistributionSnapshot;
  functionPlans: FunctionPlan[];
  /** Package name → the versioned ARN it will be associated as. */
  planned: Map<string, string>;
  /** The associations on the configured behaviors now; undefined when not read. */
  current?: AssociationRecord[];
  proposed: AssociationRecord[];
  ours: (arn: string) => boolean;
  /** Where `pnpm dev` and the distribution will differ. */
  warnings: string[];
  unread: Unread[];
}

/**
 * Reads with failures either thrown (a deploy) or recorded (a --dry-run). Once the caller's
 * identity (the first read) cannot be read, nothing else will be either, so the rest is
 * skipped with that reason instead of waiting on each call.
 */
class Reads {
  readonly unread: Unread[] = [];
  private last: ToolsError | undefined;
  private offline: ToolsError | undefined;
  constructor(private readonly tolerant: boolean) {}

  async read<T>(what: string, call: () => Promise<T>): Promise<T | { unread: string }> {
    if (this.offline) return this.skip(what, this.offline.message, this.offline.hint);
    try {
      return await call();
    } catch (error) {
      if (!this.tolerant || !(error instanceof ToolsError) || error.code !== 'aws') throw error;
      this.last = error;
      return this.skip(what, error.message, error.hint);
    }
  }

  skip(what: string, reason: string, hint?: string): { unread: string } {
    this.unread.push({ what, reason, ...(hint ? { hint } : {}) });
    return { unread: reason };
  }

  /** Every later read is skipped with the reason the last one failed. */
  goOffline(): void {
    this.offline = this.last;
  }
}

function isUnread(value: unknown): value is { unread: string } {
  return typeof value === 'object' && value !== null && 'unread' in value;
}

export async function planDeploy(
  target: DeployTarget,
  codes: Map<string, BuiltCode>,
  deps: DeployDeps,
  { tolerant, config }: { tolerant: boolean; config: EdgeConfig },
): Promise<DeployPlan> {
  const { clients } = deps;
  const reads = new Reads(tolerant);
  // Read first: when it fails, nothing else would be read either, and the rest is skipped.
  const identity = await reads.read('account', () =>
    awsCall('sts:GetCallerIdentity', () => clients.sts.send(new GetCallerIdentityCommand({}))),
  );
  if (isUnread(identity)) reads.goOffline();

  const rolePlan = await reads.read(`role ${target.roleName}`, () =>
    planRole(clients.iam, target, deps.log),
  );
  const role: RolePlan = isUnread(rolePlan)
    ? { kind: 'unread', name: target.roleArn ?? target.roleName, reason: rolePlan.unread }
    : rolePlan;
  const roleArn = role.kind === 'existing' ? role.arn : undefined;

  const read = target.distributionId
    ? await reads.read(`distribution ${target.distributionId}`, () =>
        readDistribution(clients.cloudFront, target.distributionId),
      )
    : reads.skip(
        'distribution',
        `stages.${target.stage}.distributionId is not set in edge.config.ts`,
      );
  const snapshot = isUnread(read) ? undefined : read;

  const functionPlans: FunctionPlan[] = [];
  for (const fn of target.functions) {
    const code = codes.get(fn.name);
    if (!code) continue;
    const plan = await reads.read(`function ${fn.functionName}`, () =>
      planFunction(clients.lambda, fn, code, roleArn),
    );
    functionPlans.push(
      isUnread(plan)
        ? {
            target: fn,
            code,
            removals: [],
            codeChanged: true,
            configChanged: true,
            unread: plan.unread,
          }
        : plan,
    );
  }

  const planned = new Map(functionPlans.map((p) => [p.target.name, plannedArn(p)]));
  const wanted = associationsFor(target, planned);
  const ours = isStageFunction(target.functionNamePrefix);
  if (!snapshot) {
    return {
      ...(isUnread(identity) ? {} : { account: accountOf(identity) }),
      role,
      functionPlans,
      planned,
      proposed: wanted,
      ours,
      warnings: [],
      unread: reads.unread,
    };
  }
  const current = associationsOf(snapshot.config, target.behaviors);
  const proposed = keepForeign(current, wanted, ours);
  checkDistributionFits(snapshot.config, target.distributionId, target.behaviors, proposed);
  // The account's own policies, for comparing behaviors; one that cannot be read is left out
  // of the comparison (and said so), never a reason to stop a deploy.
  const book = await readPolicies(clients.cloudFront, snapshot.config, () => {});
  return {
    ...(isUnread(identity) ? {} : { account: accountOf(identity) }),
    role,
    snapshot,
    functionPlans,
    planned,
    current,
    proposed,
    ours,
    warnings: localDrift(
      { config: snapshot.config, book },
      config,
      target,
      proposed,
      functionNameOfArn,
    ),
    unread: reads.unread,
  };
}

function accountOf(identity: { Account?: string; Arn?: string }): { id: string; arn: string } {
  return { id: identity.Account ?? '', arn: identity.Arn ?? '' };
}

export function associationsFor(
  target: DeployTarget,
  arns: Map<string, string>,
): AssociationRecord[] {
  return target.associations.map((a) => ({
    behavior: a.behavior,
    eventType: a.eventType,
    arn: arns.get(a.function) ?? '',
    includeBody: a.includeBody,
  }));
}
