/**
 * The execution role. Lambda@Edge needs a trust policy that lets both lambda.amazonaws.com and
 * edgelambda.amazonaws.com assume it (docs/cloudfront-rules.md#deploy-role, "Execution role
 * trust"); logging needs the basic execution managed policy. Whether that policy is attached is
 * read on every deploy, not assumed from the role existing: a deploy that created the role and
 * then failed to attach it must not leave functions that cannot write their logs.
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { ToolsError } from '../errors.ts';
import { awsCall, isAwsError, translateAwsError } from './aws-errors.ts';

export const EDGE_PRINCIPALS = ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] as const;
export const BASIC_EXECUTION_POLICY_ARN =
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

export const TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: [...EDGE_PRINCIPALS] }, Action: 'sts:AssumeRole' },
  ],
};

export type RolePlan =
  | {
      kind: 'existing';
      arn: string;
      name: string;
      /** Deploy's own role lacks the basic execution policy: attach it. */
      attachPolicy: boolean;
    }
  | { kind: 'create'; name: string }
  /** A --dry-run that could not read IAM. */
  | { kind: 'unread'; name: string; reason: string };

/** Read-only: finds the role to use, and checks its trust policy before anything changes. */
export async function planRole(
  iam: IAMClient,
  target: { roleArn?: string; roleName: string },
  log: (line: string) => void,
): Promise<RolePlan> {
  const name = target.roleArn ? roleNameFromArn(target.roleArn) : target.roleName;
  let role: { Arn?: string; AssumeRolePolicyDocument?: string } | undefined;
  try {
    role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity', 'NoSuchEntityException')) {
      if (target.roleArn) {
        throw new ToolsError('deploy', `The execution role ${target.roleArn} does not exist.`, {
          hint: 'Fix `roleArn` for this stage in edge.config.ts, or remove it so deploy creates a role.',
        });
      }
      return { kind: 'create', name };
    }
    if (target.roleArn && isAwsError(error, 'AccessDenied', 'AccessDeniedException')) {
      log(`  note: cannot read role ${name} (no iam:GetRole); its trust policy is not checked.`);
      return { kind: 'existing', arn: target.roleArn, name, attachPolicy: false };
    }
    throw translateAwsError(error, 'iam:GetRole');
  }
  const missing = missingPrincipals(role?.AssumeRolePolicyDocument);
  if (missing.length > 0) {
    throw new ToolsError(
      'deploy',
      `The execution role ${name} cannot be used by Lambda@Edge: its trust policy does not let ${missing.join(' and ')} assume it.`,
      {
        hint: `Add ${missing.join(', ')} to the Principal.Service list of its sts:AssumeRole statement (IAM console → Roles → ${name} → Trust relationships); CloudFront refuses the association otherwise.`,
      },
    );
  }
  const arn = role?.Arn ?? target.roleArn ?? '';
  const attached = await hasBasicExecutionPolicy(iam, name, target.roleArn !== undefined);
  if (attached === false && target.roleArn) {
    // A role the owner manages: say what is missing, but do not change it.
    log(
      `  note: ${name} has no ${BASIC_EXECUTION_POLICY_ARN} attached; unless another policy allows logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents, the functions cannot write logs.`,
    );
  }
  return { kind: 'existing', arn, name, attachPolicy: attached === false && !target.roleArn };
}

/** Whether the basic execution policy is attached; undefined when the owner's role cannot be read. */
async function hasBasicExecutionPolicy(
  iam: IAMClient,
  name: string,
  ownersRole: boolean,
): Promise<boolean | undefined> {
  let marker: string | undefined;
  try {
    do {
      const page = await iam.send(
        new ListAttachedRolePoliciesCommand({ RoleName: name, Marker: marker }),
      );
      if (page.AttachedPolicies?.some((p) => p.PolicyArn === BASIC_EXECUTION_POLICY_ARN)) {
        return true;
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return false;
  } catch (error) {
    if (ownersRole && isAwsError(error, 'AccessDenied', 'AccessDeniedException')) return undefined;
    throw translateAwsError(error, 'iam:ListAttachedRolePolicies');
  }
}

/** Creates the role, or attaches its missing policy, as the plan says; returns its ARN. */
export async function applyRole(iam: IAMClient, plan: RolePlan, stage: string): Promise<string> {
  if (plan.kind === 'unread') {
    throw new ToolsError('deploy', `The role ${plan.name} was not read: ${plan.reason}`);
  }
  if (plan.kind === 'existing') {
    if (plan.attachPolicy) await attachBasicExecutionPolicy(iam, plan.name);
    return plan.arn;
  }
  const created = await awsCall('iam:CreateRole', () =>
    iam.send(
      new CreateRoleCommand({
        RoleName: plan.name,
        AssumeRolePolicyDocument: JSON.stringify(TRUST_POLICY),
        Description: `Lambda@Edge execution role for stage ${stage} (created by edge deploy)`,
      }),
    ),
  );
  await attachBasicExecutionPolicy(iam, plan.name);
  const arn = created.Role?.Arn;
  if (!arn) throw new ToolsError('deploy', `IAM created ${plan.name} but returned no ARN.`);
  return arn;
}

async function attachBasicExecutionPolicy(iam: IAMClient, roleName: string): Promise<void> {
  await awsCall('iam:AttachRolePolicy', () =>
    iam.send(
      new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: BASIC_EXECUTION_POLICY_ARN }),
    ),
  );
}

export function roleNameFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** Which of the two required principals the trust policy (URL-encoded JSON, as IAM returns it) lacks. */
export function missingPrincipals(document: string | undefined): string[] {
  if (!document) return [...EDGE_PRINCIPALS];
  let policy: { Statement?: unknown };
  try {
    policy = JSON.parse(document.trim().startsWith('{') ? document : decodeURIComponent(document));
  } catch {
    return [...EDGE_PRINCIPALS];
  }
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const allowed = new Set<string>();
  for (const statement of statements as Array<Record<string, unknown> | undefined>) {
    if (statement?.Effect !== 'Allow') continue;
    const actions = [statement.Action].flat();
    if (
      !actions.some((action) => action === 'sts:AssumeRole' || action === 'sts:*' || action === '*')
    )
      continue;
    const service = (statement.Principal as { Service?: string | string[] } | undefined)?.Service;
    for (const principal of [service ?? []].flat()) allowed.add(principal);
  }
  return EDGE_PRINCIPALS.filter((principal) => !allowed.has(principal));
}
