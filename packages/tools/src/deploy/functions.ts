/**
 * Lambda functions as they are now (read-only, for the plan): what differs from the build and
 * the settings, and whether a published version already matches so nothing needs publishing.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  type FunctionConfiguration,
  GetFunctionCommand,
  type LambdaClient,
  ListVersionsByFunctionCommand,
} from '@aws-sdk/client-lambda';
import { resolveLimits } from '@edge-app/runtime';
import { ToolsError } from '../errors.ts';
import type { Project } from '../project.ts';
import { awsCall, isAwsError, translateAwsError } from './aws-errors.ts';
import type { BuiltArtifact } from './session.ts';
import type { DeployTarget, FunctionTarget } from './target.ts';

/** Lambda@Edge runs x86_64 only (docs/cloudfront-rules.md#architecture, "Architecture"). */
export const ARCHITECTURE = 'x86_64';

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
  /** Unsupported settings the existing function has, removed by the update (docs/cloudfront-rules.md#unsupported-lambda-features). */
  removals: Array<'environment variables' | 'layers' | 'VPC configuration'>;
  codeChanged: boolean;
  configChanged: boolean;
  /** A published version with this code and settings: associated as is, nothing published. */
  reuseVersionArn?: string;
  /** A --dry-run could not read the function: why. Its current state is unknown. */
  unread?: string;
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
    throw new ToolsError(
      'deploy',
      `Lambda function ${target.functionName} is a container image; Lambda@Edge runs .zip functions only.`,
      {
        hint: `Delete it (aws lambda delete-function --region us-east-1 --function-name ${target.functionName}) or choose another functionNamePrefix for this stage.`,
      },
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

/** Zips of the functions to deploy, checked against the zipped-size limit of their event type. */
export async function codeForTargets(
  project: Project,
  target: DeployTarget,
  built: BuiltArtifact[],
): Promise<Map<string, BuiltCode>> {
  const byName = new Map(built.map((b) => [b.name, b]));
  const codes = new Map<string, BuiltCode>();
  for (const fn of target.functions) {
    const artifact = byName.get(fn.name);
    if (!artifact) {
      throw new ToolsError('deploy', `The build produced no zip for "${fn.name}".`, {
        hint: 'Run `pnpm build` and fix what it reports; nothing was sent to AWS.',
      });
    }
    const code = await codeOf(artifact.zipPath);
    const limit = resolveLimits(
      fn.eventType,
      project.config.profile ?? 'strict',
      project.config.limits,
    ).zipBytes;
    if (code.zipBytes > limit) {
      throw new ToolsError(
        'deploy',
        `${fn.name} is ${code.zipBytes} bytes zipped; ${fn.eventType} functions may be at most ${limit} bytes (CloudFront refuses larger ones at association).`,
        {
          hint: 'Run `pnpm size` to see what contributes most and trim it; nothing was sent to AWS.',
        },
      );
    }
    codes.set(fn.name, code);
  }
  return codes;
}

/** Stands in for the version number a function will get when it is published. */
export const NEXT_VERSION = '(next version)';

export function plannedArn(plan: FunctionPlan): string {
  if (plan.reuseVersionArn) return plan.reuseVersionArn;
  const base = plan.current?.arn || `function:${plan.target.functionName}`;
  return `${base}:${NEXT_VERSION}`;
}
