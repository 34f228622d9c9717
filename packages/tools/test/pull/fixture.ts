/**
 * A distribution with every kind of setting `edge pull` reads, as the fake CloudFront answers
 * GetDistributionConfig: an S3 and two custom origins (timeouts, attempts, custom headers), an
 * origin group, managed and custom policies, a legacy behavior, custom error responses and a
 * default root object; and an edge.config.ts as its owner wrote it before the pull.
 */
import { addPolicy } from '../deploy/fake-aws/policies.ts';
import type { FakeState } from '../deploy/fake-aws/state.ts';

export const CUSTOM_CACHE_POLICY = 'c0ffee00-0000-4000-8000-00000000cac1';
export const CUSTOM_ORIGIN_REQUEST_POLICY = 'c0ffee00-0000-4000-8000-0000000041e0';
export const CUSTOM_RESPONSE_HEADERS_POLICY = 'c0ffee00-0000-4000-8000-00000000b0d1';

const list = (name: string, items: string[]) =>
  `<Quantity>${items.length}</Quantity>${items.length ? `<Items>${items.map((i) => `<${name}>${i}</${name}>`).join('')}</Items>` : ''}`;

function methods(allowed: string[], cached: string[]): string {
  return `<AllowedMethods>${list('Method', allowed)}<CachedMethods>${list('Method', cached)}</CachedMethods></AllowedMethods>`;
}

const NO_SIGNERS =
  '<TrustedSigners><Enabled>false</Enabled><Quantity>0</Quantity></TrustedSigners><TrustedKeyGroups><Enabled>false</Enabled><Quantity>0</Quantity></TrustedKeyGroups>';
const NO_FUNCTIONS = '<FunctionAssociations><Quantity>0</Quantity></FunctionAssociations>';

function lambda(arns: Array<[string, string, boolean?]>): string {
  const items = arns.map(
    ([arn, eventType, body]) =>
      `<LambdaFunctionAssociation><LambdaFunctionARN>${arn}</LambdaFunctionARN><EventType>${eventType}</EventType><IncludeBody>${body === true}</IncludeBody></LambdaFunctionAssociation>`,
  );
  return `<LambdaFunctionAssociations><Quantity>${items.length}</Quantity>${items.length ? `<Items>${items.join('')}</Items>` : ''}</LambdaFunctionAssociations>`;
}

export const AUTH_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:shop-prod-auth:4';
export const ROUTER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:shop-prod-router:2';

export interface DistributionOptions {
  /** The /api/* behavior's viewer protocol policy (default https-only). */
  apiViewerProtocolPolicy?: string;
}

export function fullDistributionXml(options: DistributionOptions = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
  <CallerReference>pull-fixture-1</CallerReference>
  <Aliases><Quantity>0</Quantity></Aliases>
  <DefaultRootObject>index.html</DefaultRootObject>
  <Origins><Quantity>3</Quantity><Items>
    <Origin>
      <Id>site</Id>
      <DomainName>shop-site.s3.us-east-1.amazonaws.com</DomainName>
      <OriginPath></OriginPath>
      <CustomHeaders><Quantity>1</Quantity><Items><OriginCustomHeader><HeaderName>X-Site-Token</HeaderName><HeaderValue>from-cloudfront</HeaderValue></OriginCustomHeader></Items></CustomHeaders>
      <S3OriginConfig><OriginAccessIdentity></OriginAccessIdentity></S3OriginConfig>
      <ConnectionAttempts>2</ConnectionAttempts>
      <ConnectionTimeout>5</ConnectionTimeout>
    </Origin>
    <Origin>
      <Id>api</Id>
      <DomainName>api.shop.example</DomainName>
      <OriginPath>/v1</OriginPath>
      <CustomHeaders><Quantity>0</Quantity></CustomHeaders>
      <CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy><OriginSslProtocols>${list('SslProtocol', ['TLSv1.2'])}</OriginSslProtocols><OriginReadTimeout>45</OriginReadTimeout><OriginKeepaliveTimeout>5</OriginKeepaliveTimeout></CustomOriginConfig>
      <ConnectionAttempts>1</ConnectionAttempts>
      <ConnectionTimeout>3</ConnectionTimeout>
    </Origin>
    <Origin>
      <Id>backup</Id>
      <DomainName>backup.shop.example</DomainName>
      <OriginPath></OriginPath>
      <CustomHeaders><Quantity>0</Quantity></CustomHeaders>
      <CustomOriginConfig><HTTPPort>8080</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>http-only</OriginProtocolPolicy><OriginSslProtocols>${list('SslProtocol', ['TLSv1.2'])}</OriginSslProtocols><OriginReadTimeout>30</OriginReadTimeout><OriginKeepaliveTimeout>5</OriginKeepaliveTimeout></CustomOriginConfig>
      <ConnectionAttempts>3</ConnectionAttempts>
      <ConnectionTimeout>10</ConnectionTimeout>
    </Origin>
  </Items></Origins>
  <OriginGroups><Quantity>1</Quantity><Items><OriginGroup>
    <Id>api-group</Id>
    <FailoverCriteria><StatusCodes>${list('StatusCode', ['502', '503', '504'])}</StatusCodes></FailoverCriteria>
    <Members><Quantity>2</Quantity><Items><OriginGroupMember><OriginId>api</OriginId></OriginGroupMember><OriginGroupMember><OriginId>backup</OriginId></OriginGroupMember></Items></Members>
  </OriginGroup></Items></OriginGroups>
  <DefaultCacheBehavior>
    <TargetOriginId>site</TargetOriginId>
    ${NO_SIGNERS}
    <ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>
    ${methods(['HEAD', 'GET', 'OPTIONS'], ['HEAD', 'GET', 'OPTIONS'])}
    <SmoothStreaming>false</SmoothStreaming>
    <Compress>true</Compress>
    ${lambda([[AUTH_ARN, 'viewer-request']])}
    ${NO_FUNCTIONS}
    <FieldLevelEncryptionId></FieldLevelEncryptionId>
    <CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId>
    <ResponseHeadersPolicyId>67f7725c-6f97-4210-82d7-5512b31e9d03</ResponseHeadersPolicyId>
  </DefaultCacheBehavior>
  <CacheBehaviors><Quantity>4</Quantity><Items>
    <CacheBehavior>
      <PathPattern>/api/admin/*</PathPattern>
      <TargetOriginId>api</TargetOriginId>
      ${NO_SIGNERS}
      <ViewerProtocolPolicy>https-only</ViewerProtocolPolicy>
      ${methods(['HEAD', 'GET', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'], ['HEAD', 'GET'])}
      <SmoothStreaming>false</SmoothStreaming>
      <Compress>false</Compress>
      ${lambda([])}
      ${NO_FUNCTIONS}
      <FieldLevelEncryptionId></FieldLevelEncryptionId>
      <CachePolicyId>4135ea2d-6df8-44a3-9df3-4b5a84be39ad</CachePolicyId>
      <OriginRequestPolicyId>216adef6-5c7f-47e4-b989-5492eafa07d3</OriginRequestPolicyId>
    </CacheBehavior>
    <CacheBehavior>
      <PathPattern>/api/*</PathPattern>
      <TargetOriginId>api-group</TargetOriginId>
      ${NO_SIGNERS}
      <ViewerProtocolPolicy>${options.apiViewerProtocolPolicy ?? 'https-only'}</ViewerProtocolPolicy>
      ${methods(['HEAD', 'GET', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'], ['HEAD', 'GET'])}
      <SmoothStreaming>false</SmoothStreaming>
      <Compress>false</Compress>
      ${lambda([[ROUTER_ARN, 'origin-request', true]])}
      ${NO_FUNCTIONS}
      <FieldLevelEncryptionId></FieldLevelEncryptionId>
      <CachePolicyId>${CUSTOM_CACHE_POLICY}</CachePolicyId>
      <OriginRequestPolicyId>b689b0a8-53d0-40ab-baf2-68738e2966ac</OriginRequestPolicyId>
      <ResponseHeadersPolicyId>${CUSTOM_RESPONSE_HEADERS_POLICY}</ResponseHeadersPolicyId>
    </CacheBehavior>
    <CacheBehavior>
      <PathPattern>/legacy/*</PathPattern>
      <TargetOriginId>site</TargetOriginId>
      ${NO_SIGNERS}
      <ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>
      ${methods(['HEAD', 'GET'], ['HEAD', 'GET'])}
      <SmoothStreaming>false</SmoothStreaming>
      <Compress>true</Compress>
      ${lambda([])}
      ${NO_FUNCTIONS}
      <FieldLevelEncryptionId></FieldLevelEncryptionId>
      <ForwardedValues>
        <QueryString>true</QueryString>
        <Cookies><Forward>whitelist</Forward><WhitelistedNames>${list('Name', ['session'])}</WhitelistedNames></Cookies>
        <Headers>${list('Name', ['Accept-Language'])}</Headers>
        <QueryStringCacheKeys>${list('Name', ['v'])}</QueryStringCacheKeys>
      </ForwardedValues>
      <MinTTL>5</MinTTL>
      <DefaultTTL>60</DefaultTTL>
      <MaxTTL>600</MaxTTL>
    </CacheBehavior>
    <CacheBehavior>
      <PathPattern>*.jpg</PathPattern>
      <TargetOriginId>site</TargetOriginId>
      ${NO_SIGNERS}
      <ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>
      ${methods(['HEAD', 'GET'], ['HEAD', 'GET'])}
      <SmoothStreaming>false</SmoothStreaming>
      <Compress>true</Compress>
      ${lambda([])}
      ${NO_FUNCTIONS}
      <FieldLevelEncryptionId></FieldLevelEncryptionId>
      <CachePolicyId>b2884449-e4de-46a7-ac36-70bc7f1ddd6d</CachePolicyId>
      <OriginRequestPolicyId>${CUSTOM_ORIGIN_REQUEST_POLICY}</OriginRequestPolicyId>
    </CacheBehavior>
  </Items></CacheBehaviors>
  <CustomErrorResponses><Quantity>2</Quantity><Items>
    <CustomErrorResponse><ErrorCode>404</ErrorCode><ResponsePagePath>/404.html</ResponsePagePath><ResponseCode>404</ResponseCode><ErrorCachingMinTTL>30</ErrorCachingMinTTL></CustomErrorResponse>
    <CustomErrorResponse><ErrorCode>503</ErrorCode><ResponsePagePath></ResponsePagePath><ResponseCode></ResponseCode><ErrorCachingMinTTL>0</ErrorCachingMinTTL></CustomErrorResponse>
  </Items></CustomErrorResponses>
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

/** The account's own policies the fixture's behaviors attach. */
export function addCustomPolicies(state: FakeState): void {
  addPolicy(
    state,
    'cache-policy',
    CUSTOM_CACHE_POLICY,
    `<CachePolicyConfig>
      <Comment>API responses by user and locale</Comment>
      <Name>shop-api</Name>
      <DefaultTTL>60</DefaultTTL><MaxTTL>300</MaxTTL><MinTTL>0</MinTTL>
      <ParametersInCacheKeyAndForwardedToOrigin>
        <EnableAcceptEncodingGzip>true</EnableAcceptEncodingGzip>
        <EnableAcceptEncodingBrotli>false</EnableAcceptEncodingBrotli>
        <HeadersConfig><HeaderBehavior>whitelist</HeaderBehavior><Headers>${list('Name', ['Authorization', 'Accept-Language'])}</Headers></HeadersConfig>
        <CookiesConfig><CookieBehavior>allExcept</CookieBehavior><Cookies>${list('Name', ['tracking'])}</Cookies></CookiesConfig>
        <QueryStringsConfig><QueryStringBehavior>whitelist</QueryStringBehavior><QueryStrings>${list('Name', ['page', 'q'])}</QueryStrings></QueryStringsConfig>
      </ParametersInCacheKeyAndForwardedToOrigin>
    </CachePolicyConfig>`,
  );
  addPolicy(
    state,
    'origin-request-policy',
    CUSTOM_ORIGIN_REQUEST_POLICY,
    `<OriginRequestPolicyConfig>
      <Comment></Comment>
      <Name>images</Name>
      <HeadersConfig><HeaderBehavior>allViewerAndWhitelistCloudFront</HeaderBehavior><Headers>${list('Name', ['CloudFront-Viewer-Country'])}</Headers></HeadersConfig>
      <CookiesConfig><CookieBehavior>none</CookieBehavior></CookiesConfig>
      <QueryStringsConfig><QueryStringBehavior>all</QueryStringBehavior></QueryStringsConfig>
    </OriginRequestPolicyConfig>`,
  );
  addPolicy(
    state,
    'response-headers-policy',
    CUSTOM_RESPONSE_HEADERS_POLICY,
    `<ResponseHeadersPolicyConfig>
      <Comment></Comment>
      <Name>api-headers</Name>
      <CorsConfig>
        <AccessControlAllowOrigins>${list('Origin', ['https://shop.example'])}</AccessControlAllowOrigins>
        <AccessControlAllowHeaders>${list('Header', ['Authorization'])}</AccessControlAllowHeaders>
        <AccessControlAllowMethods>${list('Method', ['GET', 'POST'])}</AccessControlAllowMethods>
        <AccessControlAllowCredentials>true</AccessControlAllowCredentials>
        <AccessControlMaxAgeSec>600</AccessControlMaxAgeSec>
        <OriginOverride>false</OriginOverride>
      </CorsConfig>
      <SecurityHeadersConfig>
        <FrameOptions><Override>true</Override><FrameOption>DENY</FrameOption></FrameOptions>
        <StrictTransportSecurity><Override>true</Override><IncludeSubdomains>true</IncludeSubdomains><Preload>false</Preload><AccessControlMaxAgeSec>63072000</AccessControlMaxAgeSec></StrictTransportSecurity>
      </SecurityHeadersConfig>
      <CustomHeadersConfig><Quantity>1</Quantity><Items><ResponseHeadersPolicyCustomHeader><Header>X-Served-By</Header><Value>shop-edge</Value><Override>true</Override></ResponseHeadersPolicyCustomHeader></Items></CustomHeadersConfig>
      <RemoveHeadersConfig><Quantity>1</Quantity><Items><ResponseHeadersPolicyRemoveHeader><Header>X-Powered-By</Header></ResponseHeadersPolicyRemoveHeader></Items></RemoveHeadersConfig>
    </ResponseHeadersPolicyConfig>`,
  );
}

/** edge.config.ts before the pull: a local origin, associations, comments, a stage, `dev`. */
export const OWNER_CONFIG = `import { defineConfig } from '@edge-app/runtime';

export default defineConfig({
  profile: 'strict',
  origins: {
    // Where \`pnpm dev\` sends cache misses: the files under public/.
    default: { dir: 'public' },
  },
  defaultBehavior: {
    origin: 'default',
    functions: {
      // edge:functions (create-edge-app and \`pnpm gen trigger\` add associations here)
      'viewer-request': 'auth',
    },
    // Legacy cache settings until the policies are pulled.
    cache: { defaultTTL: 86400, queryStrings: 'none' },
  },
  behaviors: [
    // The API, routed by the router function.
    {
      pathPattern: '/api/*',
      functions: { 'origin-request': { function: 'router', includeBody: true } },
    },
  ],
  stages: {
    prod: {
      // The production distribution.
      distributionId: 'E2FAKEDIST0001',
      define: { API_VERSION: 'v1' },
    },
  },
  dev: { port: 4100 },
});
`;
