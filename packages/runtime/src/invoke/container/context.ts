/**
 * The Lambda context object and the function's reserved environment variables, as a container
 * presents them to the handler. Shared by the container process and the in-process container.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface FunctionIdentity {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  /** Lambda's reserved variables that name this function (the rest come from environment.ts). */
  environment: Record<string, string>;
}

export function describeFunction(settings: {
  functionName: string;
  functionVersion: string;
  memoryMB: number;
  handlerName: string;
}): FunctionIdentity {
  const { functionName, functionVersion } = settings;
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  // CloudWatch log stream names look like `2026/11/24/[1]0123abcd…`.
  const logStreamName = `${today}/[${functionVersion}]${randomBytes(16).toString('hex')}`;
  // Lambda@Edge logs to `/aws/lambda/us-east-1.<name>` in every Region
  // (docs/cloudfront-rules.md#function-logs).
  const logGroupName = `/aws/lambda/us-east-1.${functionName}`;
  const memoryLimitInMB = String(settings.memoryMB);
  return {
    functionName,
    functionVersion,
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}:${functionVersion}`,
    memoryLimitInMB,
    logGroupName,
    logStreamName,
    environment: {
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_VERSION: functionVersion,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: memoryLimitInMB,
      AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
      AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
      _HANDLER: `index.${settings.handlerName}`,
    },
  };
}

export function createContext(identity: FunctionIdentity, deadline: number, requestId?: string) {
  const { environment: _, ...fields } = identity;
  return {
    ...fields,
    awsRequestId: requestId ?? randomUUID(),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
