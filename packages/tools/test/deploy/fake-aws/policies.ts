/**
 * Fake CloudFront policies: GetCachePolicy, GetOriginRequestPolicy and GetResponseHeadersPolicy
 * of the account's own policies (`GET /2020-05-31/<kind>/<id>`), each answered with its config
 * and an ETag as CloudFront does. Tests add policies with `addPolicy`.
 */
import { FakeAwsError, type FakeRequest, type FakeResponse } from './server.ts';
import { type FakeState, nextEtag } from './state.ts';
import { element, parseXml, xmlResponse } from './xml.ts';

const NS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';

export type PolicyKind = 'cache-policy' | 'origin-request-policy' | 'response-headers-policy';

const ROUTE =
  /^\/2020-05-31\/(cache-policy|origin-request-policy|response-headers-policy)\/([^/]+)$/;

const NAMES: Record<
  PolicyKind,
  { operation: string; element: string; config: string; missing: string }
> = {
  'cache-policy': {
    operation: 'GetCachePolicy',
    element: 'CachePolicy',
    config: 'CachePolicyConfig',
    missing: 'NoSuchCachePolicy',
  },
  'origin-request-policy': {
    operation: 'GetOriginRequestPolicy',
    element: 'OriginRequestPolicy',
    config: 'OriginRequestPolicyConfig',
    missing: 'NoSuchOriginRequestPolicy',
  },
  'response-headers-policy': {
    operation: 'GetResponseHeadersPolicy',
    element: 'ResponseHeadersPolicy',
    config: 'ResponseHeadersPolicyConfig',
    missing: 'NoSuchResponseHeadersPolicy',
  },
};

/** A policy of the account: `configXml` is its `<XxxPolicyConfig>` element. */
export function addPolicy(state: FakeState, kind: PolicyKind, id: string, configXml: string): void {
  const config = parseXml(configXml);
  if (config.name !== NAMES[kind].config) throw new Error(`expected <${NAMES[kind].config}>`);
  state.policies.set(`${kind}/${id}`, { config, etag: nextEtag(state) });
}

export function isPolicyRequest(request: FakeRequest): boolean {
  return ROUTE.test(request.path);
}

export function policyRequest(
  request: FakeRequest,
  state: FakeState,
  record: (operation: string, subject?: string) => void,
): FakeResponse {
  const [, kind = '', id = ''] = ROUTE.exec(request.path) ?? [];
  const names = NAMES[kind as PolicyKind];
  record(names.operation, id);
  if (request.method !== 'GET') throw new FakeAwsError(405, 'MethodNotAllowed', request.method);
  const policy = state.policies.get(`${kind}/${id}`);
  if (!policy) throw new FakeAwsError(404, names.missing, `The ${kind} does not exist.`);
  return xmlResponse(
    200,
    NS,
    element(names.element, [
      element('Id', id),
      element('LastModifiedTime', '2026-01-01T00:00:00Z'),
      policy.config,
    ]),
    { etag: policy.etag },
  );
}
