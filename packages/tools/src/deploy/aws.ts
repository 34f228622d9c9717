/**
 * The AWS clients deploy and logs use. Lambda@Edge functions must live in us-east-1
 * (docs/cloudfront-rules.md#deploy-region, "Region"), and IAM, STS and CloudFront are global
 * services signed in us-east-1, so every deploy client is created there whatever AWS_REGION or
 * the profile say (only `edge logs` reads other regions, with clients of its own).
 * Credentials come from the SDK's default chain (environment, AWS_PROFILE, SSO, instance
 * roles); endpoints honour AWS_ENDPOINT_URL (read natively by the SDK v3's endpoint resolution),
 * so the same command runs against AWS, LocalStack or moto.
 *
 * Every call is bounded: a connection that does not open, or a server that accepts it and then
 * says nothing, fails after a timeout, and the SDK retries a bounded number of times, so a
 * deploy against a silent endpoint gives up within a minute instead of hanging.
 */
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';

export const EDGE_REGION = 'us-east-1';

/** What bounds each call; with the defaults a silent endpoint fails a call within a minute. */
export interface CallLimits {
  /** Attempts per call, retries of throttling, timeouts and transient errors included. */
  maxAttempts: number;
  /** Time to open the TCP (and TLS) connection. */
  connectionTimeoutMs: number;
  /** Time the socket may stay silent while a request waits for its answer. */
  socketTimeoutMs: number;
}

export const DEFAULT_CALL_LIMITS: CallLimits = {
  maxAttempts: 3,
  connectionTimeoutMs: 5_000,
  socketTimeoutMs: 15_000,
};

export interface AwsClients {
  lambda: LambdaClient;
  cloudFront: CloudFrontClient;
  iam: IAMClient;
  sts: STSClient;
  limits: CallLimits;
}

export function clientSettings(region: string, limits: CallLimits) {
  return {
    region,
    maxAttempts: limits.maxAttempts,
    requestHandler: {
      connectionTimeout: limits.connectionTimeoutMs,
      socketTimeout: limits.socketTimeoutMs,
    },
  };
}

export function createAwsClients(options: Partial<CallLimits> = {}): AwsClients {
  const limits = { ...DEFAULT_CALL_LIMITS, ...options };
  const settings = clientSettings(EDGE_REGION, limits);
  return {
    lambda: withEndpointOnError(new LambdaClient(settings)),
    cloudFront: withEndpointOnError(new CloudFrontClient(settings)),
    iam: withEndpointOnError(new IAMClient(settings)),
    sts: withEndpointOnError(new STSClient(settings)),
    limits,
  };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.lambda.destroy();
  clients.cloudFront.destroy();
  clients.iam.destroy();
  clients.sts.destroy();
}

const endpoints = new WeakMap<object, string>();

/** `host:port` a failed call was sent to, when the call got as far as having one. */
export function endpointOfError(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? endpoints.get(error) : undefined;
}

interface EndpointArgs {
  request?: unknown;
}
interface EndpointStack {
  add(
    middleware: (
      next: (args: EndpointArgs) => Promise<unknown>,
    ) => (args: EndpointArgs) => Promise<unknown>,
    options: { step: 'build'; name: string },
  ): void;
}

/**
 * Remembers, for any error a call ends with, the host and port it was sent to: a timeout or a
 * refused connection then names the endpoint, wherever AWS_ENDPOINT_URL or the profile pointed
 * it. The build step runs after the endpoint is resolved and outside the retries, so it sees
 * the final error once.
 */
export function withEndpointOnError<T extends { middlewareStack: unknown }>(client: T): T {
  (client.middlewareStack as EndpointStack).add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const request = args.request as
          | { hostname?: string; port?: number; protocol?: string }
          | undefined;
        if (typeof error === 'object' && error !== null && request?.hostname) {
          const port = request.port ?? (request.protocol === 'http:' ? 80 : 443);
          endpoints.set(error, `${request.hostname}:${port}`);
        }
        throw error;
      }
    },
    { step: 'build', name: 'edgeEndpointOnError' },
  );
  return client;
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
