/**
 * What deploy, rollback and destroy share: their injectable dependencies, the confirmation
 * gate before the distribution changes, and how a failure before that point is reported.
 */
import { EdgeCancelled, ToolsError } from '../errors.ts';
import type { Project } from '../project.ts';
import type { AwsClients } from './aws.ts';

/** A built function as deploy needs it: where its zip is. */
export interface BuiltArtifact {
  name: string;
  zipPath: string;
  zipBytes: number;
}

export interface DeployDeps {
  clients: AwsClients;
  /** Builds and size-checks every function; throws on any failure. */
  build(project: Project, stage: string): Promise<BuiltArtifact[]>;
  /** Asks a yes/no question on the terminal; rejects with EdgeCancelled on Ctrl-C. */
  confirm(question: string): Promise<boolean>;
  /** stdin is a terminal: a person can answer `confirm`. */
  interactive: boolean;
  log(line: string): void;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** Poll interval of `--wait`. */
  waitIntervalMs?: number;
  /** The region the environment names, when not us-east-1 (for a note). */
  configuredRegion?: string;
}

export interface RunOptions {
  stage: string;
  dryRun: boolean;
  yes: boolean;
  wait: boolean;
}

/** Asks before changing the distribution, unless --yes; never prompts when no one can answer. */
export async function approve(
  deps: DeployDeps,
  options: RunOptions,
  question: string,
): Promise<void> {
  if (options.yes) return;
  if (!deps.interactive) {
    throw new ToolsError(
      'deploy',
      'This would change the distribution, and there is no terminal to confirm it on.',
      {
        hint: 'Pass --yes to go ahead without confirming (CI), or --dry-run to only see the plan.',
      },
    );
  }
  if (!(await deps.confirm(question))) {
    throw new EdgeCancelled('Cancelled; nothing was changed.');
  }
}

/** A failure before UpdateDistribution: say that the distribution is as it was. */
export function unchangedDistribution(error: unknown, distributionId: string): unknown {
  if (error instanceof ToolsError) {
    const note = `Distribution ${distributionId} was not changed.`;
    const hint = error.hint?.includes('was not changed')
      ? error.hint
      : `${error.hint ? `${error.hint} ` : ''}${note}`;
    return new ToolsError(error.code, error.message, {
      hint,
      exitCode: error.exitCode,
      cause: error.cause,
    });
  }
  return error;
}

export function followHint(distributionId: string): string {
  return `CloudFront is replicating the change (usually a few minutes). Follow it with: aws cloudfront wait distribution-deployed --id ${distributionId}`;
}
