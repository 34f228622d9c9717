/**
 * The plan a deploy shows before it changes anything (and all `--dry-run` prints): function
 * settings and associations, current → new.
 */
import type { AssociationRecord } from './distribution.ts';
import { ARCHITECTURE, type FunctionPlan } from './functions.ts';

import type { DeployPlan } from './planning.ts';
import type { RolePlan } from './role.ts';
import type { DeployTarget } from './target.ts';

export function functionChanges(plan: FunctionPlan): boolean {
  return plan.reuseVersionArn === undefined;
}

export function renderRole(role: RolePlan): string {
  if (role.kind === 'create') {
    return `Role: create ${role.name} (trusted by lambda.amazonaws.com and edgelambda.amazonaws.com, with AWSLambdaBasicExecutionRole)`;
  }
  if (role.kind === 'unread') {
    return `Role: ${role.name}, not read (${role.reason}); created if missing, with AWSLambdaBasicExecutionRole`;
  }
  return role.attachPolicy
    ? `Role: ${role.arn}: attach AWSLambdaBasicExecutionRole (missing: without it the functions cannot write logs)`
    : `Role: ${role.arn}`;
}

export function roleChanges(role: RolePlan): boolean {
  return role.kind === 'create' || (role.kind === 'existing' && role.attachPolicy);
}

export function renderFunction(plan: FunctionPlan): string[] {
  const { target, current, code } = plan;
  const head = `  ${target.functionName} (${target.eventType}, ${target.runtime})`;
  const settings = `      memory ${target.memoryMB} MB, timeout ${target.timeoutSeconds} s, ${ARCHITECTURE}, code ${kb(code.zipBytes)} zipped (sha256 ${short(code.codeSha256)})`;
  if (plan.unread) {
    return [
      `${head}: not read (${plan.unread})`,
      settings,
      '      create or update, then publish a version unless one with this code exists',
    ];
  }
  if (!current) {
    return [`${head}: create`, settings, '      publish version 1'];
  }
  if (plan.reuseVersionArn) {
    return [`${head}: unchanged, reuse ${versionOf(plan.reuseVersionArn)}`];
  }
  const lines = [`${head}: update`];
  const change = (label: string, before: unknown, after: unknown) => {
    if (before !== after)
      lines.push(`      ${label.padEnd(8)}${String(before ?? '—')} → ${String(after)}`);
  };
  change('code', short(current.codeSha256 ?? ''), short(code.codeSha256));
  change('runtime', current.runtime, target.runtime);
  change('handler', current.handler, target.handler);
  const unit = (value: number | undefined, suffix: string) =>
    value === undefined ? undefined : `${value} ${suffix}`;
  change('memory', unit(current.memoryMB, 'MB'), unit(target.memoryMB, 'MB'));
  change('timeout', unit(current.timeoutSeconds, 's'), unit(target.timeoutSeconds, 's'));
  change('arch', current.architectures.join(','), ARCHITECTURE);
  for (const removal of plan.removals) {
    lines.push(`      remove  ${removal} (not supported by Lambda@Edge)`);
  }
  lines.push('      publish a new version');
  return lines;
}

/** The plan as a deploy prints it before asking, and all a --dry-run prints. */
export function renderPlan(
  target: DeployTarget,
  plan: DeployPlan,
  invalidate: string[],
  log: (line: string) => void,
): void {
  if (plan.account) log(`Account ${plan.account.id} as ${plan.account.arn}`);
  log(renderRole(plan.role));
  log('Functions:');
  for (const fn of plan.functionPlans) for (const line of renderFunction(fn)) log(line);
  if (target.unassociated.length > 0) {
    log(`  not deployed (no association in edge.config.ts): ${target.unassociated.join(', ')}`);
  }
  log(`Associations on ${target.distributionId || 'the distribution'}:`);
  for (const line of renderAssociationDiff(plan.current, plan.proposed)) log(line);
  if (invalidate.length > 0) log(`Invalidate after the update: ${invalidate.join(' ')}`);
  for (const warning of plan.warnings) log(`⚠ ${warning}`);
}

/**
 * Per behavior and event type: what is associated now and what will be. `before` undefined:
 * the distribution could not be read, so every line is marked `?`.
 */
export function renderAssociationDiff(
  before: AssociationRecord[] | undefined,
  after: AssociationRecord[],
): string[] {
  if (!before) {
    const lines = after.map(
      (r) =>
        `  ? ${`${r.behavior} ${r.eventType}`.padEnd(32)} (not read) → ${shortArn(r.arn)}${r.includeBody ? ' +body' : ''}`,
    );
    return lines.length > 0 ? lines : ['  (no associations)'];
  }
  const key = (r: AssociationRecord) => `${r.behavior} ${r.eventType}`;
  const keys = [...new Set([...before, ...after].map(key))].sort();
  const lines: string[] = [];
  for (const k of keys) {
    const old = before.find((r) => key(r) === k);
    const next = after.find((r) => key(r) === k);
    const describe = (r: AssociationRecord | undefined) =>
      r ? `${shortArn(r.arn)}${r.includeBody ? ' +body' : ''}` : '(none)';
    const marker = describe(old) === describe(next) ? ' ' : old && next ? '~' : next ? '+' : '-';
    lines.push(`  ${marker} ${k.padEnd(32)} ${describe(old)} → ${describe(next)}`);
  }
  return lines.length > 0 ? lines : ['  (no associations)'];
}

function shortArn(arn: string): string {
  const at = arn.indexOf('function:');
  return at >= 0 ? arn.slice(at + 'function:'.length) : arn;
}

function versionOf(arn: string): string {
  return `version ${arn.slice(arn.lastIndexOf(':') + 1)}`;
}

function short(sha: string): string {
  return sha ? sha.slice(0, 12) : '—';
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
