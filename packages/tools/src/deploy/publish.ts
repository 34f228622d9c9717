/**
 * Bringing one function to the planned code and settings: create or update, wait until Lambda
 * reports the change done (SDK waiters), then publish a numbered version — the only kind of ARN
 * CloudFront accepts in an association (docs/cloudfront-rules.md#deploy-versions, "Version").
 */
import { readFile } from 'node:fs/promises';
import {
  CreateFunctionCommand,
  type LambdaClient,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  waitUntilPublishedVersionActive,
} from '@aws-sdk/client-lambda';
import { ToolsError } from '../errors.ts';
import { awsCall, isAwsError, translateAwsError } from './aws-errors.ts';
import { ARCHITECTURE, type FunctionPlan } from './functions.ts';

const WAIT_SECONDS = 300;

export interface ApplyFunctionOptions {
  roleArn: string;
  /** The role was created moments ago: IAM may take a few seconds to let Lambda assume it. */
  roleIsNew: boolean;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

/** Creates or updates the function, then publishes; returns the versioned ARN to associate. */
export async function applyFunction(
  lambda: LambdaClient,
  plan: FunctionPlan,
  options: ApplyFunctionOptions,
): Promise<string> {
  if (plan.reuseVersionArn) return plan.reuseVersionArn;
  const { target } = plan;
  const name = target.functionName;
  const zip = await readFile(plan.code.zipPath);
  if (!plan.current) {
    await createWithRoleRetry(lambda, plan, zip, options);
    await waitFor('active', () =>
      waitUntilFunctionActiveV2(
        { client: lambda, maxWaitTime: WAIT_SECONDS },
        { FunctionName: name },
      ),
    );
  } else {
    if (plan.removals.length > 0) {
      options.log(
        `  ${name}: removing ${plan.removals.join(', ')} — Lambda@Edge does not support them (bake configuration in at build time with stages.<stage>.define).`,
      );
    }
    if (plan.codeChanged) {
      await awsCall('lambda:UpdateFunctionCode', () =>
        lambda.send(
          new UpdateFunctionCodeCommand({
            FunctionName: name,
            ZipFile: zip,
            Architectures: [ARCHITECTURE],
          }),
        ),
      );
      await waitForUpdate(lambda, name);
    }
    if (plan.configChanged) {
      await awsCall('lambda:UpdateFunctionConfiguration', () =>
        lambda.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: name,
            Runtime: target.runtime as never,
            Handler: target.handler,
            Role: options.roleArn,
            MemorySize: target.memoryMB,
            Timeout: target.timeoutSeconds,
            ...(plan.removals.includes('environment variables')
              ? { Environment: { Variables: {} } }
              : {}),
            ...(plan.removals.includes('layers') ? { Layers: [] } : {}),
            ...(plan.removals.includes('VPC configuration')
              ? { VpcConfig: { SubnetIds: [], SecurityGroupIds: [] } }
              : {}),
          }),
        ),
      );
      await waitForUpdate(lambda, name);
    }
  }
  // CodeSha256 makes Lambda refuse to publish if someone changed $LATEST in between.
  const published = await awsCall('lambda:PublishVersion', () =>
    lambda.send(
      new PublishVersionCommand({
        FunctionName: name,
        CodeSha256: plan.code.codeSha256,
        Description: `edge deploy, ${target.eventType}`,
      }),
    ),
  );
  const version = published.Version;
  const arn = published.FunctionArn;
  if (!version || !arn || !/^\d+$/.test(version)) {
    throw new ToolsError(
      'deploy',
      `Lambda did not return a numbered version for ${name} (got ${version ?? 'none'}).`,
      { hint: 'Run the deploy again; CloudFront only accepts numbered versions.' },
    );
  }
  await waitFor('published', () =>
    waitUntilPublishedVersionActive(
      { client: lambda, maxWaitTime: WAIT_SECONDS },
      { FunctionName: name, Qualifier: version },
    ),
  );
  return arn;
}

async function createWithRoleRetry(
  lambda: LambdaClient,
  plan: FunctionPlan,
  zip: Buffer,
  options: ApplyFunctionOptions,
): Promise<void> {
  const { target } = plan;
  const attempts = options.roleIsNew ? 6 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: target.functionName,
          Runtime: target.runtime as never,
          Role: options.roleArn,
          Handler: target.handler,
          Code: { ZipFile: zip },
          MemorySize: target.memoryMB,
          Timeout: target.timeoutSeconds,
          Architectures: [ARCHITECTURE],
          PackageType: 'Zip',
          Description: `${target.eventType} function (edge deploy)`,
          Publish: false,
        }),
      );
      return;
    } catch (error) {
      const roleNotReady =
        isAwsError(error, 'InvalidParameterValueException') &&
        /cannot be assumed|role/i.test((error as Error).message);
      if (!roleNotReady || attempt >= attempts) {
        throw translateAwsError(error, 'lambda:CreateFunction');
      }
      options.log(`  ${target.functionName}: waiting for the new role to reach Lambda…`);
      await options.sleep(2000 * attempt);
    }
  }
}

async function waitForUpdate(lambda: LambdaClient, name: string): Promise<void> {
  await waitFor('updated', () =>
    waitUntilFunctionUpdatedV2(
      { client: lambda, maxWaitTime: WAIT_SECONDS },
      { FunctionName: name },
    ),
  );
}

async function waitFor(what: string, wait: () => Promise<unknown>): Promise<void> {
  try {
    await wait();
  } catch (error) {
    throw new ToolsError(
      'deploy',
      `Lambda did not report the function ${what}: ${(error as Error).message.slice(0, 500)}`,
      {
        hint: 'Look at the function in the Lambda console (us-east-1) for LastUpdateStatusReason, fix it and deploy again; the distribution was not changed.',
      },
    );
  }
}
