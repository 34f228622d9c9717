/**
 * Bringing one function to the planned code and settings: create or update, wait until Lambda
 * reports the change done, then publish a numbered version — the only kind of ARN CloudFront
 * accepts in an association (docs/cloudfront-rules.md#deploy-versions, "Version").
 */
import { readFile } from 'node:fs/promises';
import {
  CreateFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { ToolsError } from '../errors.ts';
import { awsCall, isAwsError, translateAwsError } from './aws-errors.ts';
import { ARCHITECTURE, type FunctionPlan } from './functions.ts';
import type { DeployDeps } from './session.ts';
import { waitForFunction } from './waits.ts';

export interface ApplyFunctionOptions {
  roleArn: string;
  /** The role was created moments ago: IAM may take a few seconds to let Lambda assume it. */
  roleIsNew: boolean;
}

/** Creates or updates the function, then publishes; returns the versioned ARN to associate. */
export async function applyFunction(
  deps: DeployDeps,
  plan: FunctionPlan,
  options: ApplyFunctionOptions,
): Promise<string> {
  if (plan.reuseVersionArn) return plan.reuseVersionArn;
  const { lambda } = deps.clients;
  const { target } = plan;
  const name = target.functionName;
  const zip = await readFile(plan.code.zipPath);
  if (!plan.current) {
    await deps.step(`Creating ${name}`, () => createWithRoleRetry(deps, plan, zip, options));
    await waitForFunction(deps, name, 'created');
  } else {
    if (plan.removals.length > 0) {
      deps.log(
        `  ${name}: removing ${plan.removals.join(', ')} — Lambda@Edge does not support them (bake configuration in at build time with stages.<stage>.define).`,
      );
    }
    if (plan.codeChanged) {
      await deps.step(`Uploading the code of ${name}`, () =>
        awsCall('lambda:UpdateFunctionCode', () =>
          lambda.send(
            new UpdateFunctionCodeCommand({
              FunctionName: name,
              ZipFile: zip,
              Architectures: [ARCHITECTURE],
            }),
          ),
        ),
      );
      await waitForFunction(deps, name, 'updated');
    }
    if (plan.configChanged) {
      await deps.step(`Updating the settings of ${name}`, () =>
        awsCall('lambda:UpdateFunctionConfiguration', () =>
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
        ),
      );
      await waitForFunction(deps, name, 'updated');
    }
  }
  // CodeSha256 makes Lambda refuse to publish if someone changed $LATEST in between.
  const published = await deps.step(`Publishing ${name}`, () =>
    awsCall('lambda:PublishVersion', () =>
      lambda.send(
        new PublishVersionCommand({
          FunctionName: name,
          CodeSha256: plan.code.codeSha256,
          Description: `edge deploy, ${target.eventType}`,
        }),
      ),
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
  await waitForFunction(deps, name, 'published', version);
  return arn;
}

async function createWithRoleRetry(
  deps: DeployDeps,
  plan: FunctionPlan,
  zip: Buffer,
  options: ApplyFunctionOptions,
): Promise<void> {
  const { lambda } = deps.clients;
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
      deps.log(`  ${target.functionName}: waiting for the new role to reach Lambda…`);
      await deps.sleep(2000 * attempt);
    }
  }
}
