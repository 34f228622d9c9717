/**
 * Fake IAM (GetRole, CreateRole, AttachRolePolicy, ListAttachedRolePolicies) and STS (GetCallerIdentity): both AWS query
 * protocol, form-encoded `Action=...` requests and XML answers.
 */
import { FakeAwsError, type FakeRequest, type FakeService } from './server.ts';
import { ACCOUNT_ID, type FakeRole, type FakeState } from './state.ts';
import { element, type XmlNode, xmlErrorResponse, xmlResponse } from './xml.ts';

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const CALLER_ARN = `arn:aws:iam::${ACCOUNT_ID}:user/deployer`;
const BASIC_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

function answer(ns: string, action: string, result: XmlNode[]) {
  return xmlResponse(
    200,
    ns,
    element(`${action}Response`, [
      element(`${action}Result`, result),
      element('ResponseMetadata', [element('RequestId', 'fake-request-id')]),
    ]),
  );
}

function existingRole(state: FakeState, roleName: string): FakeRole {
  const role = state.roles.get(roleName);
  if (!role) {
    throw new FakeAwsError(404, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`);
  }
  return role;
}

function params(request: FakeRequest): URLSearchParams {
  return new URLSearchParams(request.body.toString());
}

function roleXml(role: FakeRole): XmlNode {
  return element('Role', [
    element('Path', '/'),
    element('RoleName', role.RoleName),
    element('RoleId', role.RoleId),
    element('Arn', role.Arn),
    element('CreateDate', '2026-01-01T00:00:00Z'),
    // IAM returns the trust policy URL-encoded.
    element('AssumeRolePolicyDocument', encodeURIComponent(role.AssumeRolePolicyDocument)),
  ]);
}

export const fakeIam: FakeService = {
  renderError: (error) => xmlErrorResponse(IAM_NS, error),
  handle(request, state, record) {
    const form = params(request);
    const action = form.get('Action') ?? '';
    const roleName = form.get('RoleName') ?? '';
    record(action, roleName);
    if (action === 'GetRole') {
      const role = existingRole(state, roleName);
      return answer(IAM_NS, action, [roleXml(role)]);
    }
    if (action === 'CreateRole') {
      if (state.roles.has(roleName)) {
        throw new FakeAwsError(
          409,
          'EntityAlreadyExists',
          `Role with name ${roleName} already exists.`,
        );
      }
      const document = form.get('AssumeRolePolicyDocument') ?? '';
      try {
        JSON.parse(document);
      } catch {
        throw new FakeAwsError(400, 'MalformedPolicyDocument', 'The trust policy is not JSON.');
      }
      const role: FakeRole = {
        RoleName: roleName,
        RoleId: 'AROAFAKECREATEDROLE',
        Arn: `arn:aws:iam::${ACCOUNT_ID}:role/${roleName}`,
        AssumeRolePolicyDocument: document,
        attachedPolicies: [],
      };
      state.roles.set(roleName, role);
      return answer(IAM_NS, action, [roleXml(role)]);
    }
    if (action === 'AttachRolePolicy') {
      const role = existingRole(state, roleName);
      const policy = form.get('PolicyArn') ?? '';
      if (policy !== BASIC_POLICY) {
        throw new FakeAwsError(
          404,
          'NoSuchEntity',
          `Policy ${policy} does not exist or is not attachable.`,
        );
      }
      if (!role.attachedPolicies.includes(policy)) role.attachedPolicies.push(policy);
      return answer(IAM_NS, action, []);
    }
    if (action === 'ListAttachedRolePolicies') {
      const role = existingRole(state, roleName);
      return answer(IAM_NS, action, [
        element(
          'AttachedPolicies',
          role.attachedPolicies.map((arn) =>
            element('member', [
              element('PolicyName', arn.slice(arn.lastIndexOf('/') + 1)),
              element('PolicyArn', arn),
            ]),
          ),
        ),
        element('IsTruncated', 'false'),
      ]);
    }
    throw new FakeAwsError(400, 'InvalidAction', `Could not find operation ${action}.`);
  },
};

export const fakeSts: FakeService = {
  renderError: (error) => xmlErrorResponse(STS_NS, error),
  handle(request, _state, record) {
    const action = params(request).get('Action') ?? '';
    record(action);
    if (action !== 'GetCallerIdentity') {
      throw new FakeAwsError(400, 'InvalidAction', `Could not find operation ${action}.`);
    }
    return answer(STS_NS, action, [
      element('Arn', CALLER_ARN),
      element('UserId', 'AIDAFAKEUSER'),
      element('Account', ACCOUNT_ID),
    ]);
  },
};
