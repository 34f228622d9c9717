/**
 * AWS errors translated into what to do. Every AWS call deploy makes goes through `awsCall`,
 * so a failure names the action that failed and the fix, never a bare SDK stack trace.
 */
import { ToolsError } from '../errors.ts';
import { endpointOfError } from './aws.ts';

interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'TooManyRequests',
]);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
const BAD_CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
]);

/** The error code the SDK reports, e.g. `ResourceNotFoundException`. */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const shape = error as AwsErrorShape;
  return shape.Code ?? shape.code ?? shape.name;
}

export function isAwsError(error: unknown, ...codes: string[]): boolean {
  const code = awsErrorCode(error);
  return code !== undefined && codes.includes(code);
}

/** Runs one AWS call; turns what AWS answered into an ToolsError saying what to do. */
export async function awsCall<T>(action: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw translateAwsError(error, action);
  }
}

export function translateAwsError(error: unknown, action: string): unknown {
  if (error instanceof ToolsError) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  const code = awsErrorCode(error) ?? 'Error';
  const message = shape.message ?? String(error);

  if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new ToolsError('aws', `No AWS credentials found for ${action}.`, {
      hint: 'Set AWS_PROFILE to a profile in ~/.aws/config (run `aws sso login --profile <name>` for SSO), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    });
  }
  if (BAD_CREDENTIALS.has(code)) {
    return new ToolsError(
      'aws',
      `AWS rejected the credentials on ${action} (${code}: ${message}).`,
      {
        hint: 'Refresh them (`aws sso login`, or new access keys) and check AWS_PROFILE names the account that owns the distribution.',
      },
    );
  }
  if (ACCESS_DENIED.has(code)) {
    const denied = /perform:\s*([\w-]+:[\w*]+)/.exec(message)?.[1] ?? action;
    const passRole = denied === 'iam:PassRole' || /iam:PassRole/.test(message);
    return new ToolsError('aws', `AWS denied ${denied} (during ${action}).`, {
      hint: `Allow "${denied}" in the IAM policy of the identity that deploys${
        passRole ? ' (iam:PassRole on the execution role lets Lambda use it)' : ''
      }. AWS said: ${message}`,
    });
  }
  if (THROTTLING.has(code)) {
    const attempts = shape.$metadata?.attempts;
    return new ToolsError(
      'aws',
      `AWS kept throttling ${action}${attempts ? ` after ${attempts} attempts` : ''} (${code}).`,
      {
        hint: 'The account is over its API request rate, often because another deploy or tool is running. Wait a minute and run the command again; it picks up where it stopped.',
      },
    );
  }
  if (code === 'InvalidLambdaFunctionAssociation') {
    const { cause, fix } = associationCause(message);
    return new ToolsError(
      'aws',
      `CloudFront refused a function association: ${cause} (AWS said: ${message})`,
      { hint: fix },
    );
  }
  if (code === 'NoSuchDistribution') {
    return new ToolsError('aws', `CloudFront has no distribution with that id (${action}).`, {
      hint: 'Check `distributionId` of this stage in edge.config.ts and that AWS_PROFILE points at the account that owns it (`aws cloudfront list-distributions`).',
    });
  }
  const unreachable = unreachableEndpoint(error, action);
  if (unreachable) return unreachable;
  if (shape.$metadata !== undefined) {
    return new ToolsError('aws', `${action} failed: ${code}: ${message}`, {
      hint: 'Fix what AWS reports above and run the command again.',
    });
  }
  return error;
}

/**
 * A call that never got an answer: the connection did not open, was refused, or the server
 * accepted it and then said nothing until the socket timeout. The message names the host and
 * port, since the usual cause is an AWS_ENDPOINT_URL, proxy or VPN pointing somewhere silent.
 */
export function unreachableEndpoint(error: unknown, action: string): ToolsError | undefined {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  const message = shape.message ?? String(error);
  const timedOut = shape.name === 'TimeoutError' || /ETIMEDOUT/.test(message);
  const refused = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|socket hang up/.test(
    message,
  );
  if (!timedOut && !refused) return undefined;
  const endpoint = endpointOfError(error) ?? endpointFromEnvironment() ?? 'AWS';
  const attempts = shape.$metadata?.attempts;
  const tries = attempts && attempts > 1 ? ` (${attempts} attempts)` : '';
  const ms = Number(/(\d+) ms/.exec(message)?.[1]);
  const within = Number.isFinite(ms) ? ` within ${ms / 1000} s` : '';
  let what: string;
  if (!timedOut) what = `could not connect to ${endpoint}: ${message}`;
  else if (/establish a connection/.test(message))
    what = `${endpoint} did not accept a connection${within}${tries}`;
  else what = `${endpoint} accepted the connection but sent no answer${within}${tries}`;
  return new ToolsError('aws', `No answer to ${action}: ${what}.`, {
    hint: process.env.AWS_ENDPOINT_URL
      ? `AWS_ENDPOINT_URL is ${process.env.AWS_ENDPOINT_URL}; is that endpoint running and answering?`
      : 'Check the network connection and any proxy or VPN settings, then run the command again.',
    cause: error,
  });
}

function endpointFromEnvironment(): string | undefined {
  const url = process.env.AWS_ENDPOINT_URL;
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'http:' ? 80 : 443)}`;
  } catch {
    return undefined;
  }
}

/**
 * CloudFront checks functions when they are associated, not when they run
 * (docs/cloudfront-rules.md#association-checks, notes, and §6): its message names the rule; each
 * entry maps one to the setting that fixes it. The first whose pattern matches wins.
 */
const ASSOCIATION_CAUSES: Array<{ pattern: RegExp; cause: string; fix: string }> = [
  {
    pattern: /region/i,
    cause: 'the function is not in us-east-1',
    fix: 'Lambda@Edge functions must be created in us-east-1; `edge deploy` always does that, so remove any hand-made function of the same name in another region from the stage.',
  },
  {
    pattern: /specific function version|version number/i,
    cause: 'the ARN is not a numbered version',
    fix: 'Associations must use a published version (…:function:name:N), never $LATEST or an alias; run `edge deploy` to publish one.',
  },
  {
    pattern: /assumable|edgelambda/i,
    cause: "the execution role's trust policy does not allow edgelambda.amazonaws.com",
    fix: 'Add both lambda.amazonaws.com and edgelambda.amazonaws.com as principals allowed sts:AssumeRole in the role set as `roleArn`, or remove `roleArn` so deploy creates a suitable role.',
  },
  {
    pattern: /code size/i,
    cause: 'the zipped code is over the size limit for this event type',
    fix: 'Run `pnpm size` to see what contributes most and trim it (viewer events allow 1 MB zipped under the strict profile).',
  },
  {
    pattern: /timeout/i,
    cause: 'the function timeout is over the limit for this event type',
    fix: 'Lower `functions.<name>.timeoutSeconds` in edge.config.ts (viewer events: 5 s under the strict profile).',
  },
  {
    pattern: /memory/i,
    cause: 'the function memory is over the limit for this event type',
    fix: 'Lower `functions.<name>.memoryMB` in edge.config.ts (viewer events: 128 MB).',
  },
  {
    pattern: /IncludeBody/i,
    cause: 'IncludeBody is set on a response event',
    fix: 'Use `includeBody` only on viewer-request or origin-request associations.',
  },
  {
    pattern: /cannot retrieve|GetFunction|EnableReplication/i,
    cause: 'CloudFront cannot read or replicate the function with your permissions',
    fix: 'Allow lambda:GetFunction and lambda:EnableReplication* on the function versions, and iam:CreateServiceLinkedRole, for the identity that deploys.',
  },
];

const UNKNOWN_ASSOCIATION_CAUSE = {
  cause: 'the function does not meet a Lambda@Edge rule',
  fix: 'See the Lambda@Edge restrictions (runtime, x86_64, no environment variables, layers or VPC) and fix what AWS names.',
};

function associationCause(message: string): { cause: string; fix: string } {
  return (
    ASSOCIATION_CAUSES.find(({ pattern }) => pattern.test(message)) ?? UNKNOWN_ASSOCIATION_CAUSE
  );
}
