/**
 * What a deploy should produce, worked out from edge.config.ts and the function packages
 * before any AWS call: every rule CloudFront would enforce at association time that can be
 * checked locally fails here, with the setting to change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventType } from '@edge-app/events';
import {
  type BehaviorConfig,
  type FunctionAssociation,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_SECONDS,
  resolveLimits,
  type StageConfig,
} from '@edge-app/runtime';
import { LAMBDA_HANDLER, NODE_RUNTIME, PYTHON_RUNTIME } from '../build/index.ts';
import { ToolsError } from '../errors.ts';
import type { FunctionPackage, Project } from '../project.ts';
import { EDGE_REGION } from './aws.ts';

/** How the default cache behavior is named in plans and history (it has no PathPattern). */
export const DEFAULT_BEHAVIOR = '(default)';
const LAMBDA_MIN_MEMORY_MB = 128;
const NAME_MAX = 64;

export interface FunctionTarget {
  /** Package name under packages/, as used in edge.config.ts. */
  name: string;
  /** The Lambda function name: the stage prefix plus the package name. */
  functionName: string;
  eventType: EventType;
  language: FunctionPackage['language'];
  runtime: string;
  handler: string;
  memoryMB: number;
  timeoutSeconds: number;
}

export interface AssociationTarget {
  /** PathPattern of the cache behavior, or DEFAULT_BEHAVIOR. */
  behavior: string;
  eventType: EventType;
  /** Package name of the function. */
  function: string;
  includeBody: boolean;
}

export interface DeployTarget {
  stage: string;
  /** Empty only in a --dry-run of a stage that has none yet. */
  distributionId: string;
  /** Set when the stage names its own role; otherwise deploy creates or reuses `roleName`. */
  roleArn?: string;
  roleName: string;
  functionNamePrefix: string;
  functions: FunctionTarget[];
  associations: AssociationTarget[];
  /** Every behavior edge.config.ts describes, associated or not. */
  behaviors: string[];
  /** Packages with no association: not deployed. */
  unassociated: string[];
}

interface StageSettings {
  stageConfig: StageConfig;
  distributionId: string;
  prefix: string;
  problems: string[];
}

function stageSettings(project: Project, stage: string, requireDistribution = true): StageSettings {
  const stages = project.config.stages ?? {};
  const stageConfig = stages[stage];
  if (!stageConfig) {
    const known = Object.keys(stages);
    throw new ToolsError('deploy', `edge.config.ts has no stage "${stage}".`, {
      hint: known.length
        ? `Use --stage with one of: ${known.join(', ')}, or add "${stage}" under \`stages\`.`
        : `Add \`stages: { ${stage}: { distributionId: 'E...' } }\` to edge.config.ts.`,
    });
  }
  const problems: string[] = [];
  // Not part of StageConfig, but a natural thing to write: refuse it rather than ignore it.
  const stageRegion = (stageConfig as { region?: unknown }).region;
  if (stageRegion !== undefined && stageRegion !== EDGE_REGION) {
    problems.push(
      `stages.${stage}.region is ${JSON.stringify(stageRegion)}: Lambda@Edge functions must live in ${EDGE_REGION} (CloudFront refuses functions from any other region), so deploy always uses ${EDGE_REGION}. Remove the setting.`,
    );
  }
  const distributionId = stageConfig.distributionId ?? '';
  if (!distributionId && requireDistribution) {
    problems.push(
      `stages.${stage}.distributionId is not set: deploy associates the functions with an existing CloudFront distribution. Set it to the distribution's id (\`aws cloudfront list-distributions\` lists them).`,
    );
  }
  const prefix = stageConfig.functionNamePrefix ?? `${projectName(project.root)}-${stage}-`;
  if (!/^[A-Za-z0-9_-]*$/.test(prefix)) {
    problems.push(
      `stages.${stage}.functionNamePrefix ${JSON.stringify(prefix)} may only contain letters, digits, "-" and "_" (Lambda function names).`,
    );
  }
  return { stageConfig, distributionId, prefix, problems };
}

function fail(stage: string, problems: string[]): never {
  throw new ToolsError(
    'deploy',
    `edge.config.ts cannot be deployed as it is (stage "${stage}"):\n  - ${problems.join('\n  - ')}`,
    { hint: 'Fix the settings above; nothing was sent to AWS.' },
  );
}

/** The distribution and function names of a stage, for rollback and destroy. */
export function resolveStage(
  project: Project,
  stage: string,
): { distributionId: string; functionNamePrefix: string } {
  const { distributionId, prefix, problems } = stageSettings(project, stage);
  if (problems.length > 0) fail(stage, problems);
  return { distributionId, functionNamePrefix: prefix };
}

/** The prefix of a stage's Lambda function names (`<project>-<stage>-` unless configured). */
export function functionNamePrefixOf(project: Project, stage: string): string {
  const { prefix, problems } = stageSettings(project, stage, false);
  if (problems.length > 0) fail(stage, problems);
  return prefix;
}

/**
 * Everything a deploy of `stage` produces. `requireDistribution: false` (a --dry-run) plans
 * without a distribution id, leaving `distributionId` empty.
 */
export function resolveTarget(
  project: Project,
  stage: string,
  { requireDistribution = true } = {},
): DeployTarget {
  const { config } = project;
  const { stageConfig, distributionId, prefix, problems } = stageSettings(
    project,
    stage,
    requireDistribution,
  );
  const packages = new Map(project.functions.map((fn) => [fn.name, fn]));
  const profile = config.profile ?? 'strict';
  // The type requires it, but the file is only type-checked by `pnpm typecheck`.
  if (typeof config.defaultBehavior !== 'object' || config.defaultBehavior === null) {
    problems.push(
      '`defaultBehavior` is missing: every CloudFront distribution has a default cache behavior. Add `defaultBehavior: { functions: {} }`.',
    );
  }
  const behaviors: Array<[string, Omit<BehaviorConfig, 'pathPattern'>]> = [
    [DEFAULT_BEHAVIOR, config.defaultBehavior ?? {}],
    ...(config.behaviors ?? []).map((b): [string, BehaviorConfig] => [b.pathPattern, b]),
  ];
  const associations: AssociationTarget[] = [];
  const seenBehaviors = new Set<string>();
  for (const [behavior, settings] of behaviors) {
    if (seenBehaviors.has(behavior)) {
      problems.push(
        `Two behaviors have the path pattern "${behavior}": CloudFront allows one function per event type per cache behavior, so merge their \`functions\`.`,
      );
    }
    seenBehaviors.add(behavior);
    for (const [eventType, value] of Object.entries(settings.functions ?? {})) {
      if (value === undefined) continue;
      const association: FunctionAssociation =
        typeof value === 'string' ? { function: value } : value;
      const where = `behavior ${behavior}, ${eventType}`;
      const pkg = packages.get(association.function);
      if (!pkg) {
        problems.push(
          `${where}: no function package "${association.function}" (packages/${association.function}/package.json with an "edge" field). Create it with \`pnpm gen trigger\` or fix the name.`,
        );
        continue;
      }
      if (pkg.eventType !== eventType) {
        problems.push(
          `${where}: "${pkg.name}" is a ${pkg.eventType} function (packages/${pkg.name}/package.json). Associate it under '${pkg.eventType}' or change its edge.eventType.`,
        );
        continue;
      }
      if (association.includeBody && !eventType.endsWith('-request')) {
        problems.push(
          `${where}: includeBody is only allowed on viewer-request and origin-request (CloudFront exposes no body to response events). Remove it.`,
        );
      }
      associations.push({
        behavior,
        eventType: eventType as EventType,
        function: pkg.name,
        includeBody: association.includeBody === true,
      });
    }
  }

  const associated = new Set(associations.map((a) => a.function));
  const functions: FunctionTarget[] = [];
  for (const pkg of project.functions) {
    if (!associated.has(pkg.name)) continue;
    const settings = config.functions?.[pkg.name] ?? {};
    const maxMemory = MAX_MEMORY_MB[profile][pkg.eventType];
    const maxTimeout = MAX_TIMEOUT_SECONDS[profile][pkg.eventType];
    const memoryMB = settings.memoryMB ?? LAMBDA_MIN_MEMORY_MB;
    const timeoutSeconds =
      settings.timeoutSeconds ??
      Math.min(resolveLimits(pkg.eventType, profile, config.limits).timeoutSeconds, maxTimeout);
    if (!Number.isInteger(memoryMB) || memoryMB < LAMBDA_MIN_MEMORY_MB || memoryMB > maxMemory) {
      problems.push(
        `functions.${pkg.name}.memoryMB is ${memoryMB}: ${pkg.eventType} functions take ${LAMBDA_MIN_MEMORY_MB}–${maxMemory} MB under the "${profile}" profile (CloudFront refuses more at association). Set a whole number in that range.`,
      );
    }
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > maxTimeout) {
      problems.push(
        `functions.${pkg.name}.timeoutSeconds is ${timeoutSeconds}: ${pkg.eventType} functions take 1–${maxTimeout} s under the "${profile}" profile. Set a whole number in that range.`,
      );
    }
    const functionName = `${prefix}${pkg.name}`;
    if (functionName.length > NAME_MAX) {
      problems.push(
        `Function name "${functionName}" is longer than ${NAME_MAX} characters (Lambda's limit). Shorten stages.${stage}.functionNamePrefix or the package name.`,
      );
    }
    functions.push({
      name: pkg.name,
      functionName,
      eventType: pkg.eventType,
      language: pkg.language,
      // The runtime `edge dev` and the tests ran it on (functions.<name>.runtime).
      runtime: pkg.language === 'python' ? PYTHON_RUNTIME : (settings.runtime ?? NODE_RUNTIME),
      handler: LAMBDA_HANDLER,
      memoryMB,
      timeoutSeconds,
    });
  }
  const roleName = `${prefix}edge-role`;
  if (!stageConfig.roleArn && roleName.length > NAME_MAX) {
    problems.push(
      `Role name "${roleName}" is longer than ${NAME_MAX} characters (IAM's limit). Shorten the prefix or set stages.${stage}.roleArn.`,
    );
  }

  if (problems.length > 0) fail(stage, problems);
  return {
    stage,
    distributionId,
    ...(stageConfig.roleArn ? { roleArn: stageConfig.roleArn } : {}),
    roleName,
    functionNamePrefix: prefix,
    functions,
    associations,
    behaviors: behaviors.map(([behavior]) => behavior),
    unassociated: project.functions.map((f) => f.name).filter((name) => !associated.has(name)),
  };
}

function projectName(root: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name?: string;
    };
    const name = (manifest.name ?? '').replace(/^@[^/]+\//, '').replace(/[^A-Za-z0-9_-]/g, '-');
    return name || 'edge-app';
  } catch {
    return 'edge-app';
  }
}
