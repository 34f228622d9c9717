/**
 * A distribution config as GetDistributionConfig returns it: an S3 origin, the default behavior
 * and an `/api/*` behavior, plus settings deploy must send back untouched.
 */
function behavior(pathPattern: string | undefined, extra = ''): string {
  return `${pathPattern ? `<PathPattern>${pathPattern}</PathPattern>` : ''}
    <TargetOriginId>site</TargetOriginId>
    <TrustedSigners><Enabled>false</Enabled><Quantity>0</Quantity></TrustedSigners>
    <TrustedKeyGroups><Enabled>false</Enabled><Quantity>0</Quantity></TrustedKeyGroups>
    <ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>
    <AllowedMethods><Quantity>2</Quantity><Items><Method>HEAD</Method><Method>GET</Method></Items>
      <CachedMethods><Quantity>2</Quantity><Items><Method>HEAD</Method><Method>GET</Method></Items></CachedMethods>
    </AllowedMethods>
    <SmoothStreaming>false</SmoothStreaming>
    <Compress>true</Compress>
    ${extra}
    <FieldLevelEncryptionId></FieldLevelEncryptionId>
    <CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId>`;
}

const NO_LAMBDA = '<LambdaFunctionAssociations><Quantity>0</Quantity></LambdaFunctionAssociations>';
const NO_FUNCTIONS = '<FunctionAssociations><Quantity>0</Quantity></FunctionAssociations>';

export interface FixtureOptions {
  /** Extra XML for the default behavior's associations (replaces the empty ones). */
  defaultAssociations?: string;
  /** A CloudFront Function on the /api/* behavior's viewer-request. */
  cloudFrontFunctionOnApi?: boolean;
  /** Leave out the /api/* behavior. */
  withoutApi?: boolean;
  /** More behaviors after /api/* (path patterns), with no associations. */
  extraBehaviors?: string[];
}

export function distributionXml(options: FixtureOptions = {}): string {
  const apiFunctions = options.cloudFrontFunctionOnApi
    ? '<FunctionAssociations><Quantity>1</Quantity><Items><FunctionAssociation><FunctionARN>arn:aws:cloudfront::123456789012:function/rewrite</FunctionARN><EventType>viewer-request</EventType></FunctionAssociation></Items></FunctionAssociations>'
    : NO_FUNCTIONS;
  const items = [
    ...(options.withoutApi ? [] : [behavior('/api/*', NO_LAMBDA + apiFunctions)]),
    ...(options.extraBehaviors ?? []).map((p) => behavior(p, NO_LAMBDA + NO_FUNCTIONS)),
  ];
  const cacheBehaviors =
    items.length === 0
      ? '<CacheBehaviors><Quantity>0</Quantity></CacheBehaviors>'
      : `<CacheBehaviors><Quantity>${items.length}</Quantity><Items>${items.map((b) => `<CacheBehavior>${b}</CacheBehavior>`).join('')}</Items></CacheBehaviors>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
  <CallerReference>fake-caller-reference-1</CallerReference>
  <Aliases><Quantity>1</Quantity><Items><CNAME>shop.example.com</CNAME></Items></Aliases>
  <DefaultRootObject>index.html</DefaultRootObject>
  <Origins><Quantity>1</Quantity><Items><Origin>
    <Id>site</Id>
    <DomainName>shop-site.s3.us-east-1.amazonaws.com</DomainName>
    <OriginPath></OriginPath>
    <CustomHeaders><Quantity>0</Quantity></CustomHeaders>
    <S3OriginConfig><OriginAccessIdentity></OriginAccessIdentity></S3OriginConfig>
    <ConnectionAttempts>3</ConnectionAttempts>
    <ConnectionTimeout>10</ConnectionTimeout>
  </Origin></Items></Origins>
  <DefaultCacheBehavior>${behavior(undefined, (options.defaultAssociations ?? NO_LAMBDA) + NO_FUNCTIONS)}</DefaultCacheBehavior>
  ${cacheBehaviors}
  <CustomErrorResponses><Quantity>0</Quantity></CustomErrorResponses>
  <Comment>shop storefront</Comment>
  <Logging><Enabled>false</Enabled><IncludeCookies>false</IncludeCookies><Bucket></Bucket><Prefix></Prefix></Logging>
  <PriceClass>PriceClass_100</PriceClass>
  <Enabled>true</Enabled>
  <ViewerCertificate><CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate><MinimumProtocolVersion>TLSv1</MinimumProtocolVersion><CertificateSource>cloudfront</CertificateSource></ViewerCertificate>
  <Restrictions><GeoRestriction><RestrictionType>none</RestrictionType><Quantity>0</Quantity></GeoRestriction></Restrictions>
  <WebACLId></WebACLId>
  <HttpVersion>http2</HttpVersion>
  <IsIPV6Enabled>true</IsIPV6Enabled>
  <Staging>false</Staging>
</DistributionConfig>`;
}
