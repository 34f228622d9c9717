/**
 * What deploy, rollback and destroy share: their injectable dependencies, the confirmation
 * gate before the distribution changes, the guard that keeps Ctrl-C from splitting a
 * distribution update from its history entry, and how a failure before that point is reported.
 */
import { EdgeCancelled, ToolsError } from '../errors.ts';
import type { Project } from '../project.ts';
import type { AwsClients } from './aws.ts';
import type { Reporter } from './progress.ts';

/** A built function as deploy needs it: where its zip is, and its source map if it has one. */
export interface BuiltArtifact {
  name: string;
  zipPath: string;
  zipBytes: number;
  /** `dist/<name>/index.mjs.map` of a Node.js function. */
  sourceMapPath?: string;
}

export interface DeployDeps extends Reporter {
  clients: AwsClients;
  /** Builds and size-checks every function; throws on any failure. */
  build(project: Project, stage: string): Promise<BuiltArtifact[]>;
  /** Asks a yes/no question on the terminal; rejects with EdgeCancelled on Ctrl-C. */
  confirm(question: string): Promise<boolean>;
  /** stdin is a terminal: a person can answer `confirm`. */
  interactive: boolean;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** Poll interval of the waits (Lambda states, distribution, invalidation). */
  waitIntervalMs?: number;
  /** The region the environment names, when not us-east-1 (for a note). */
  configuredRegion?: string;
  /** Calls `handler` on Ctrl-C until the returned function is called (default: SIGINT). */
  onInterrupt?(handler: () => void): () => void;
}

export interface RunOptions {
  stage: string;
  dryRun: boolean;
  yes: boolean;
  wait: boolean;
  /** Paths to invalidate after the distribution update (`--invalidate`). */
  invalidate?: string[];
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

/**
 * Runs the distribution update and the history entry that records it with Ctrl-C held off,
 * so neither happens without the other (rollback trusts the history). A Ctrl-C pressed
 * meanwhile stops the command right after, before any wait or invalidation.
 */
export async function uninterrupted<T>(deps: DeployDeps, work: () => Promise<T>): Promise<T> {
  let interrupted = false;
  const release = (deps.onInterrupt ?? onSigint)(() => {
    if (!interrupted) {
      deps.log('Finishing the distribution update and its history entry, then stopping.');
    }
    interrupted = true;
  });
  let result: T;
  try {
    result = await work();
  } finally {
    release();
  }
  if (interrupted) {
    throw new EdgeCancelled('Stopped after the distribution update; .edge/deployments records it.');
  }
  return result;
}

function onSigint(handler: () => void): () => void {
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

/** An UpdateDistribution that got no answer: it may or may not have been applied. */
export class UpdateOutcomeUnknown extends ToolsError {}

/** A failure before UpdateDistribution: say that the distribution is as it was. */
export function unchangedDistribution(error: unknown, distributionId: string): unknown {
  if (error instanceof EdgeCancelled || error instanceof UpdateOutcomeUnknown) return error;
  if (error instanceof ToolsError && distributionId) {
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
