/**
 * What `edge deploy --json` prints: the plan (what was read, what would change, what could not
 * be read) and, unless --dry-run, the result. The human output says the same in lines.
 */
import type { AssociationRecord } from './distribution.ts';
import type { FunctionPlan } from './functions.ts';
import { functionChanges } from './plan.ts';
import type { DeployPlan, Unread } from './planning.ts';

export interface FunctionReport {
  name: string;
  functionName: string;
  eventType: string;
  runtime: string;
  memoryMB: number;
  timeoutSeconds: number;
  zipBytes: number;
  codeSha256: string;
  /** `unknown`: a --dry-run could not read the function. */
  action: 'create' | 'update' | 'reuse' | 'unknown';
  /** The versioned ARN it is (or will be) associated as. */
  arn: string;
}

export interface PlanReport {
  account: string | null;
  role: {
    name: string;
    arn: string | null;
    action: 'create' | 'attach-policy' | 'none' | 'unknown';
  };
  functions: FunctionReport[];
  associations: { current: AssociationRecord[] | null; proposed: AssociationRecord[] };
  invalidate: string[];
  warnings: string[];
  unread: Unread[];
}

export interface DeployResult {
  command: 'deploy';
  stage: string;
  /** null in a --dry-run of a stage without one. */
  distributionId: string | null;
  dryRun: boolean;
  plan: PlanReport;
  /** Nothing needs changing: role, functions and associations are as planned. */
  upToDate: boolean;
  /** Something was changed (never for --dry-run). */
  changed: boolean;
  /** Package name → versioned ARN now associated (empty for --dry-run). */
  versions: Record<string, string>;
  invalidation?: { id: string; status: string; paths: string[] };
}

export function planReport(plan: DeployPlan, invalidate: string[]): PlanReport {
  const { role } = plan;
  return {
    account: plan.account?.id ?? null,
    role: {
      name: role.name,
      arn: role.kind === 'existing' ? role.arn : null,
      action:
        role.kind === 'create'
          ? 'create'
          : role.kind === 'unread'
            ? 'unknown'
            : role.attachPolicy
              ? 'attach-policy'
              : 'none',
    },
    functions: plan.functionPlans.map((p) => functionReport(p, plan.planned)),
    associations: { current: plan.current ?? null, proposed: plan.proposed },
    invalidate,
    warnings: plan.warnings,
    unread: plan.unread,
  };
}

function functionReport(p: FunctionPlan, planned: Map<string, string>): FunctionReport {
  const { target, code } = p;
  return {
    name: target.name,
    functionName: target.functionName,
    eventType: target.eventType,
    runtime: target.runtime,
    memoryMB: target.memoryMB,
    timeoutSeconds: target.timeoutSeconds,
    zipBytes: code.zipBytes,
    codeSha256: code.codeSha256,
    action: p.unread ? 'unknown' : !p.current ? 'create' : functionChanges(p) ? 'update' : 'reuse',
    arn: planned.get(target.name) ?? '',
  };
}
