/**
 * Lambda functions: what exists now (read-only, for the plan) and the calls that bring each
 * function to the built code and settings, ending in a numbered version — the only kind of ARN
 * CloudFront accepts in an association (facts §6, "Version").
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  CreateFunctionCommand,
  type FunctionConfiguration,
  GetFunctionCommand,
  type LambdaClient,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  waitUntilPublishedVersionActive,
} from '@aws-sdk/client-lambda';
import { EdgeUserError } from '../errors.ts';
import { awsCall, isAwsError, translateAwsError } from './aws-errors.ts';
import type { FunctionTarget } from './target.ts';

/** Lambda@Edge runs x86_64 only (facts §5, "Architecture"). */
export const ARCHITECTURE = 'x86_64';
const WAIT_SECONDS = 300;

export interface BuiltCode {
  zipPath: string;
  zipBytes: number;
  /** base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  codeSha256: string;
}

export interface CurrentFunction {
  arn: string;
  runtime?: string;
  handler?: string;
  role?: string;
  memoryMB?: number;
  timeoutSeconds?: number;
  codeSha256?: string;
  architectures: string[];
}

export interface FunctionPlan {
  target: FunctionTarget;
  code: BuiltCode;
  current?: CurrentFunction;
  /** Unsupported settings the existing function has, removed by the update (facts §5). */
  removals: Array<'environment variables' | 'layers' | 'VPC configuration'>;
  codeChanged: boolean;
  configChanged: boolean;
  /** A published version with this code and settings: associated as is, nothing published. */
  reuseVersionArn?: string;
}

export async function codeOf(zipPath: string): Promise<BuiltCode> {
  const bytes = await readFile(zipPath);
  return {
    zipPath,
    zipBytes: bytes.length,
    codeSha256: createHash('sha256').update(bytes).digest('base64'),
  };
}

/** Read-only: GetFunction and ListVersionsByFunction. */
export async function planFunction(
  lambda: LambdaClient,
  target: FunctionTarget,
  code: BuiltCode,
  roleArn: string | undefined,
): Promise<FunctionPlan> {
  let configuration: FunctionConfiguration | undefined;
  try {
    const found = await lambda.send(new GetFunctionCommand({ FunctionName: target.functionName }));
    configuration = found.Configuration;
  } catch (error) {
    if (!isAwsError(error, 'ResourceNotFoundException')) {
      throw translateAwsError(error, 'lambda:GetFunction');
    }
  }
  if (!configuration) {
    return { target, code, removals: [], codeChanged: true, configChanged: true };
  }
  if (configuration.PackageType === 'Image') {
    throw new EdgeUserError(
      `Lambda function ${target.functionName} is a container image; Lambda@Edge runs .zip functions only.`,
      `Delete it (aws lambda delete-function --region us-east-1 --function-name ${target.functionName}) or choose another functionNamePrefix for this stage.`,
    );
  }
  const removals = unsupportedSettings(configuration);
  const current = describe(configuration);
  const codeChanged =
    current.codeSha256 !== code.codeSha256 || !sameArchitecture(current.architectures);
  const configChanged = removals.length > 0 || !settingsMatch(configuration, target, roleArn);
  const versions = await listVersions(lambda, target.functionName);
  const reusable = versions
    .filter(
      (v) =>
        v.Version !== '$LATEST' &&
        v.CodeSha256 === code.codeSha256 &&
        sameArchitecture(v.Architectures ?? [ARCHITECTURE]) &&
        unsupportedSettings(v).length === 0 &&
        settingsMatch(v, target, roleArn),
    )
    .sort((a, b) => Number(b.Version) - Number(a.Version))[0];
  return {
    target,
    code,
    current,
    removals,
    codeChanged,
    configChanged,
    ...(reusable?.FunctionArn ? { reuseVersionArn: reusable.FunctionArn } : {}),
  };
}

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
    throw new EdgeUserError(
      `Lambda did not return a numbered version for ${name} (got ${version ?? 'none'}).`,
      'Run the deploy again; CloudFront only accepts numbered versions.',
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
    throw new EdgeUserError(
      `Lambda did not report the function ${what}: ${(error as Error).message.slice(0, 500)}`,
      'Look at the function in the Lambda console (us-east-1) for LastUpdateStatusReason, fix it and deploy again; the distribution was not changed.',
    );
  }
}

async function listVersions(
  lambda: LambdaClient,
  functionName: string,
): Promise<FunctionConfiguration[]> {
  const versions: FunctionConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await awsCall('lambda:ListVersionsByFunction', () =>
      lambda.send(
        new ListVersionsByFunctionCommand({ FunctionName: functionName, Marker: marker }),
      ),
    );
    versions.push(...(page.Versions ?? []));
    marker = page.NextMarker;
  } while (marker);
  return versions;
}

function describe(configuration: FunctionConfiguration): CurrentFunction {
  return {
    arn: configuration.FunctionArn ?? '',
    ...(configuration.Runtime ? { runtime: configuration.Runtime } : {}),
    ...(configuration.Handler ? { handler: configuration.Handler } : {}),
    ...(configuration.Role ? { role: configuration.Role } : {}),
    ...(configuration.MemorySize ? { memoryMB: configuration.MemorySize } : {}),
    ...(configuration.Timeout ? { timeoutSeconds: configuration.Timeout } : {}),
    ...(configuration.CodeSha256 ? { codeSha256: configuration.CodeSha256 } : {}),
    architectures: configuration.Architectures ?? [ARCHITECTURE],
  };
}

function unsupportedSettings(configuration: FunctionConfiguration): FunctionPlan['removals'] {
  const removals: FunctionPlan['removals'] = [];
  if (Object.keys(configuration.Environment?.Variables ?? {}).length > 0)
    removals.push('environment variables');
  if ((configuration.Layers ?? []).length > 0) removals.push('layers');
  if ((configuration.VpcConfig?.SubnetIds ?? []).length > 0) removals.push('VPC configuration');
  return removals;
}

function settingsMatch(
  configuration: FunctionConfiguration,
  target: FunctionTarget,
  roleArn: string | undefined,
): boolean {
  return (
    configuration.Runtime === target.runtime &&
    configuration.Handler === target.handler &&
    configuration.MemorySize === target.memoryMB &&
    configuration.Timeout === target.timeoutSeconds &&
    (roleArn === undefined || configuration.Role === roleArn)
  );
}

function sameArchitecture(architectures: string[]): boolean {
  return architectures.length === 1 && architectures[0] === ARCHITECTURE;
}
