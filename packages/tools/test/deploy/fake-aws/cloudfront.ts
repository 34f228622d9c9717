/**
 * Fake CloudFront, REST-XML (API version 2020-05-31): GetDistributionConfig, UpdateDistribution,
 * GetDistribution, CreateInvalidation and GetInvalidation (the policies are in policies.ts),
 * checking an update the way CloudFront does: IfMatch present and current, a full config
 * (CallerReference unchanged, nothing left out), and every Lambda@Edge association valid
 * (numbered version in us-east-1 that exists, trust policy, IncludeBody, viewer limits).
 */
import { isPolicyRequest, policyRequest } from './policies.ts';
import { FakeAwsError, type FakeRequest, type FakeResponse, type FakeService } from './server.ts';
import { type FakeInvalidation, type FakeState, nextEtag } from './state.ts';
import {
  child,
  childrenNamed,
  element,
  parseXml,
  textOf,
  type XmlNode,
  xmlErrorResponse,
  xmlResponse,
} from './xml.ts';

const NS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
const PREFIX = '/2020-05-31/distribution/';
const VIEWER_LIMITS = { memoryMB: 128, timeoutSeconds: 5, codeBytes: 1_048_576 };

function refused(message: string): FakeAwsError {
  return new FakeAwsError(400, 'InvalidLambdaFunctionAssociation', message);
}

function xml(status: number, node: XmlNode, etag?: string) {
  return xmlResponse(status, NS, node, etag ? { etag } : {});
}

/** Every behavior of a config: the default one and the CacheBehaviors items. */
function behaviors(config: XmlNode): XmlNode[] {
  const defaultBehavior = child(config, 'DefaultCacheBehavior');
  const others = childrenNamed(child(child(config, 'CacheBehaviors'), 'Items'), 'CacheBehavior');
  return [...(defaultBehavior ? [defaultBehavior] : []), ...others];
}

function invalidationXml(invalidation: FakeInvalidation): XmlNode {
  return element('Invalidation', [
    element('Id', invalidation.id),
    element('Status', invalidation.status),
    element('CreateTime', '2026-01-01T00:00:00Z'),
    element('InvalidationBatch', [
      element('Paths', [
        element('Quantity', String(invalidation.paths.length)),
        element(
          'Items',
          invalidation.paths.map((path) => element('Path', path)),
        ),
      ]),
      element('CallerReference', invalidation.callerReference),
    ]),
  ]);
}

/** CreateInvalidation (POST .../invalidation) and GetInvalidation (GET .../invalidation/<id>). */
function invalidation(
  request: FakeRequest,
  state: FakeState,
  record: (operation: string, subject?: string) => void,
  id: string,
  invalidationId: string | undefined,
): FakeResponse {
  const create = request.method === 'POST';
  record(create ? 'CreateInvalidation' : 'GetInvalidation', id);
  const distribution = state.distributions.get(id);
  if (!distribution) {
    throw new FakeAwsError(404, 'NoSuchDistribution', 'The specified distribution does not exist.');
  }
  if (!create) {
    const found = distribution.invalidations.find((i) => i.id === invalidationId);
    if (!found) throw new FakeAwsError(404, 'NoSuchInvalidation', 'No such invalidation.');
    if (found.pollsUntilCompleted-- <= 0) found.status = 'Completed';
    return xml(200, invalidationXml(found));
  }
  const batch = parseXml(request.body.toString());
  const paths = childrenNamed(child(child(batch, 'Paths'), 'Items'), 'Path').map((p) =>
    p.text.trim(),
  );
  const quantity = Number(textOf(child(batch, 'Paths'), 'Quantity') ?? -1);
  const callerReference = textOf(batch, 'CallerReference') ?? '';
  if (quantity !== paths.length || paths.length === 0 || !callerReference) {
    throw new FakeAwsError(
      400,
      'MalformedInput',
      'Paths Quantity, Items and CallerReference are required.',
    );
  }
  const bad = paths.find((p) => !p.startsWith('/') || p.slice(0, -1).includes('*'));
  if (bad) throw new FakeAwsError(400, 'InvalidArgument', `Invalid path: ${bad}`);
  const created: FakeInvalidation = {
    id: `I${String(distribution.invalidations.length + 1).padStart(13, '0')}`,
    paths,
    callerReference,
    status: 'InProgress',
    pollsUntilCompleted: 1,
  };
  distribution.invalidations.push(created);
  return xml(201, invalidationXml(created));
}

/** The config with every behavior's LambdaFunctionAssociations emptied (moto's behavior). */
function withoutLambdaAssociations(config: XmlNode): XmlNode {
  const strip = (node: XmlNode): XmlNode =>
    node.name === 'LambdaFunctionAssociations'
      ? element('LambdaFunctionAssociations', [element('Quantity', '0')])
      : { ...node, attributes: {}, children: node.children.map(strip) };
  return strip(config);
}

function checkFullConfig(current: XmlNode, update: XmlNode): void {
  if (textOf(update, 'CallerReference') !== textOf(current, 'CallerReference')) {
    throw new FakeAwsError(400, 'IllegalUpdate', 'CallerReference cannot be changed.');
  }
  const sent = new Set(update.children.map((c) => c.name));
  const missing = current.children.map((c) => c.name).filter((name) => !sent.has(name));
  if (missing.length > 0) {
    throw new FakeAwsError(400, 'MalformedInput', `The request is missing ${missing.join(', ')}.`);
  }
  const count = (config: XmlNode) => behaviors(config).length;
  if (count(update) !== count(current)) {
    throw new FakeAwsError(
      400,
      'InvalidArgument',
      'The request changes the number of cache behaviors.',
    );
  }
}

function checkAssociations(state: FakeState, config: XmlNode): void {
  for (const behavior of behaviors(config)) {
    const associations = child(behavior, 'LambdaFunctionAssociations');
    const items = childrenNamed(child(associations, 'Items'), 'LambdaFunctionAssociation');
    if (Number(textOf(associations, 'Quantity') ?? 0) !== items.length) {
      throw new FakeAwsError(
        400,
        'InvalidArgument',
        'LambdaFunctionAssociations Quantity does not match Items.',
      );
    }
    const eventTypes = new Set<string>();
    for (const item of items) {
      const arn = textOf(item, 'LambdaFunctionARN') ?? '';
      const eventType = textOf(item, 'EventType') ?? '';
      if (eventTypes.has(eventType)) {
        throw refused(`Only one function association per event type is allowed: ${eventType}.`);
      }
      eventTypes.add(eventType);
      const match =
        /^arn:aws:lambda:([a-z0-9-]+):\d{12}:function:([\w-]+)(?::(\w+|\$LATEST))?$/.exec(arn);
      if (!match) throw refused(`The function ARN is not valid. ARN: ${arn}`);
      const [, region, name = '', version] = match;
      if (region !== 'us-east-1') {
        throw refused(`The function must be in region 'us-east-1'. ARN: ${arn}`);
      }
      if (!version || !/^\d+$/.test(version)) {
        throw refused(
          `The function ARN must reference a specific function version. (The ARN must end with the version number.) ARN: ${arn}`,
        );
      }
      const published = state.functions.get(name)?.versions.find((v) => v.Version === version);
      if (!published) {
        throw refused(`Lambda@Edge cannot retrieve the specified Lambda function. ARN: ${arn}`);
      }
      const roleName = published.Role.split('/').pop() ?? '';
      const trust = state.roles.get(roleName)?.AssumeRolePolicyDocument ?? '';
      if (!trust.includes('edgelambda.amazonaws.com') || !trust.includes('lambda.amazonaws.com')) {
        throw refused(
          'The function execution role must be assumable with edgelambda.amazonaws.com as well as lambda.amazonaws.com principals.',
        );
      }
      if (textOf(item, 'IncludeBody') === 'true' && !eventType.endsWith('-request')) {
        throw refused(
          'The IncludeBody option can only be used with viewer-request or origin-request events.',
        );
      }
      if (eventType.startsWith('viewer-')) {
        if (published.Timeout > VIEWER_LIMITS.timeoutSeconds) {
          throw refused(
            `The function timeout is larger than the maximum allowed for functions that are triggered by a CloudFront event: ${published.Timeout} Max allowed: ${VIEWER_LIMITS.timeoutSeconds}`,
          );
        }
        if (published.MemorySize > VIEWER_LIMITS.memoryMB) {
          throw refused(
            `The function memory size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: ${published.MemorySize} Max allowed: ${VIEWER_LIMITS.memoryMB}`,
          );
        }
        if (published.CodeSize > VIEWER_LIMITS.codeBytes) {
          throw refused(
            `The function code size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: ${published.CodeSize} Max allowed: ${VIEWER_LIMITS.codeBytes}`,
          );
        }
      }
    }
  }
}

export const fakeCloudFront: FakeService = {
  renderError: (error) => xmlErrorResponse(NS, error),

  handle(request, state, record) {
    if (isPolicyRequest(request)) return policyRequest(request, state, record);
    if (!request.path.startsWith(PREFIX)) {
      throw new FakeAwsError(404, 'UnknownOperation', request.path);
    }
    const [id = '', sub, invalidationId] = request.path.slice(PREFIX.length).split('/');
    if (sub === 'invalidation') return invalidation(request, state, record, id, invalidationId);
    const operation =
      sub === 'config'
        ? request.method === 'PUT'
          ? 'UpdateDistribution'
          : 'GetDistributionConfig'
        : 'GetDistribution';
    record(operation, id);
    const distribution = state.distributions.get(id);
    if (!distribution) {
      throw new FakeAwsError(
        404,
        'NoSuchDistribution',
        'The specified distribution does not exist.',
      );
    }
    if (operation === 'GetDistributionConfig') {
      return xml(200, distribution.config, distribution.etag);
    }
    if (operation === 'GetDistribution') {
      if (distribution.status === 'InProgress') {
        distribution.inProgressPolls++;
        if (distribution.inProgressPolls > distribution.pollsUntilDeployed) {
          distribution.status = 'Deployed';
        }
      }
      return xml(
        200,
        element('Distribution', [
          element('Id', id),
          element('ARN', `arn:aws:cloudfront::123456789012:distribution/${id}`),
          element('Status', distribution.status),
          element('LastModifiedTime', '2026-01-01T00:00:00Z'),
          element('InProgressInvalidationBatches', '0'),
          element('DomainName', 'd111111abcdef8.cloudfront.net'),
          distribution.config,
        ]),
        distribution.etag,
      );
    }
    const ifMatch = request.headers['if-match'];
    if (!ifMatch) {
      throw new FakeAwsError(
        400,
        'InvalidIfMatchVersion',
        'The If-Match version is missing or not valid.',
      );
    }
    if (ifMatch !== distribution.etag) {
      throw new FakeAwsError(
        412,
        'PreconditionFailed',
        'The precondition given in one or more of the request header fields evaluated to false.',
      );
    }
    const update = parseXml(request.body.toString());
    if (update.name !== 'DistributionConfig') {
      throw new FakeAwsError(
        400,
        'MalformedInput',
        `Expected DistributionConfig, got ${update.name}.`,
      );
    }
    checkFullConfig(distribution.config, update);
    checkAssociations(state, update);
    distribution.config = state.dropAssociations
      ? withoutLambdaAssociations(update)
      : { ...update, attributes: {} };
    distribution.etag = nextEtag(state);
    distribution.status = 'InProgress';
    distribution.inProgressPolls = 0;
    return xml(
      200,
      element('Distribution', [
        element('Id', id),
        element('Status', 'InProgress'),
        element('DomainName', 'd111111abcdef8.cloudfront.net'),
        distribution.config,
      ]),
      distribution.etag,
    );
  },
};
