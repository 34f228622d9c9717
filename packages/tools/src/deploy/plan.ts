/**
 * The plan a deploy shows before it changes anything (and all `--dry-run` prints): function
 * settings and associations, current → new.
 */
import type { AssociationRecord } from './distribution.ts';
import { ARCHITECTURE, type FunctionPlan } from './functions.ts';
import type { RolePlan } from './role.ts';

/** Stands in for the version number a function will get when it is published. */
export const NEXT_VERSION = '(next version)';

export function plannedArn(plan: FunctionPlan): string {
  if (plan.reuseVersionArn) return plan.reuseVersionArn;
  const base = plan.current?.arn || `function:${plan.target.functionName}`;
  return `${base}:${NEXT_VERSION}`;
}

export function functionChanges(plan: FunctionPlan): boolean {
  return plan.reuseVersionArn === undefined;
}

export function renderRole(role: RolePlan): string {
  return role.kind === 'create'
    ? `Role: create ${role.name} (trusted by lambda.amazonaws.com and edgelambda.amazonaws.com, with AWSLambdaBasicExecutionRole)`
    : `Role: ${role.arn}`;
}

export function renderFunction(plan: FunctionPlan): string[] {
  const { target, current, code } = plan;
  const head = `  ${target.functionName} (${target.eventType}, ${target.runtime})`;
  if (!current) {
    return [
      `${head}: create`,
      `      memory ${target.memoryMB} MB, timeout ${target.timeoutSeconds} s, ${ARCHITECTURE}, code ${kb(code.zipBytes)} zipped (sha256 ${short(code.codeSha256)})`,
      '      publish version 1',
    ];
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

/** Per behavior and event type: what is associated now and what will be. */
export function renderAssociationDiff(
  before: AssociationRecord[],
  after: AssociationRecord[],
): string[] {
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
