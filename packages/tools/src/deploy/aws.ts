/**
 * The AWS clients deploy uses. Lambda@Edge functions must live in us-east-1
 * (docs/cloudfront-rules.md#deploy-region, "Region"), and IAM, STS and CloudFront are global
 * services signed in us-east-1, so every client is created there whatever AWS_REGION or the profile
 * say. Credentials come from the SDK's default chain (environment, AWS_PROFILE, SSO, instance
 * roles); endpoints honour AWS_ENDPOINT_URL (read natively by the SDK v3's endpoint resolution), so
 * the same command runs against AWS, LocalStack or moto.
 */
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';

export const EDGE_REGION = 'us-east-1';

export interface AwsClients {
  lambda: LambdaClient;
  cloudFront: CloudFrontClient;
  iam: IAMClient;
  sts: STSClient;
}

export interface ClientOptions {
  /** Attempts per call, retries of throttling and transient errors included (SDK default 3). */
  maxAttempts?: number;
}

export function createAwsClients(options: ClientOptions = {}): AwsClients {
  const common = { region: EDGE_REGION, maxAttempts: options.maxAttempts ?? 5 };
  return {
    lambda: new LambdaClient(common),
    cloudFront: new CloudFrontClient(common),
    iam: new IAMClient(common),
    sts: new STSClient(common),
  };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.lambda.destroy();
  clients.cloudFront.destroy();
  clients.iam.destroy();
  clients.sts.destroy();
}

/**
 * The region the user's environment would have picked, when it is not us-east-1, so deploy
 * can say it is ignoring it. AWS_DEFAULT_REGION is the CLI's variable, not read by the SDK.
 */
export async function configuredRegionOtherThanEdge(
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv === EDGE_REGION ? undefined : fromEnv;
  const probe = new LambdaClient({});
  try {
    const region = await probe.config.region();
    return region && region !== EDGE_REGION ? region : undefined;
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}
