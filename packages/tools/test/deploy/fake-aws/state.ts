/** What the fake AWS account holds: functions with their versions, roles, distributions. */
import { parseXml, type XmlNode } from './xml.ts';

export const ACCOUNT_ID = '123456789012';
export const DISTRIBUTION_ID = 'E2FAKEDIST0001';

export interface FakeFunctionConfig {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Role: string;
  Handler: string;
  CodeSize: number;
  CodeSha256: string;
  Timeout: number;
  MemorySize: number;
  Version: string;
  Architectures: string[];
  PackageType: 'Zip' | 'Image';
  State: 'Active' | 'Pending' | 'Failed';
  LastUpdateStatus: 'Successful' | 'InProgress' | 'Failed';
  Description?: string;
  Environment?: { Variables: Record<string, string> };
  Layers?: Array<{ Arn: string; CodeSize: number }>;
  VpcConfig?: { SubnetIds: string[]; SecurityGroupIds: string[]; VpcId?: string };
}

export interface FakeFunction {
  latest: FakeFunctionConfig;
  versions: FakeFunctionConfig[];
  /** Reads of $LATEST still to answer as not ready: Pending after a create, InProgress after an update. */
  pending?: { reads: number; after: 'create' | 'update' };
}

export interface FakeRole {
  RoleName: string;
  RoleId: string;
  Arn: string;
  /** JSON, as created. */
  AssumeRolePolicyDocument: string;
  attachedPolicies: string[];
}

export interface FakeInvalidation {
  id: string;
  paths: string[];
  callerReference: string;
  status: 'InProgress' | 'Completed';
  /** GetInvalidation calls answered InProgress before it reports Completed. */
  pollsUntilCompleted: number;
}

export interface FakeDistribution {
  id: string;
  invalidations: FakeInvalidation[];
  config: XmlNode;
  etag: string;
  status: 'Deployed' | 'InProgress';
  /** GetDistribution calls answered InProgress after an update before it reports Deployed. */
  pollsUntilDeployed: number;
  inProgressPolls: number;
}

export interface FakeState {
  /** UpdateDistribution keeps and answers no Lambda@Edge associations, as moto does. */
  dropAssociations: boolean;
  /** GetFunction(Configuration) calls answered Pending/InProgress after a change (default 0). */
  lambdaPendingPolls: number;
  functions: Map<string, FakeFunction>;
  roles: Map<string, FakeRole>;
  distributions: Map<string, FakeDistribution>;
  /** The account's own CloudFront policies, by `<kind>/<id>` (policies.ts). */
  policies: Map<string, { config: XmlNode; etag: string }>;
  etagCounter: number;
}

export function newState(): FakeState {
  return {
    dropAssociations: false,
    lambdaPendingPolls: 0,
    functions: new Map(),
    roles: new Map(),
    distributions: new Map(),
    policies: new Map(),
    etagCounter: 0,
  };
}

export function nextEtag(state: FakeState): string {
  state.etagCounter++;
  return `E${String(state.etagCounter).padStart(12, '0')}`;
}

export function addDistribution(state: FakeState, id: string, configXml: string): FakeDistribution {
  const distribution: FakeDistribution = {
    id,
    invalidations: [],
    config: parseXml(configXml),
    etag: nextEtag(state),
    status: 'Deployed',
    pollsUntilDeployed: 2,
    inProgressPolls: 0,
  };
  state.distributions.set(id, distribution);
  return distribution;
}

export function functionArn(name: string, version?: string): string {
  return `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:${name}${version ? `:${version}` : ''}`;
}

/** A role as someone might have made it by hand, with the given trusted services. */
export function addRole(state: FakeState, name: string, services: string[]): FakeRole {
  const role: FakeRole = {
    RoleName: name,
    RoleId: `AROA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 16)}`,
    Arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}`,
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: services }, Action: 'sts:AssumeRole' }],
    }),
    attachedPolicies: [],
  };
  state.roles.set(name, role);
  return role;
}
