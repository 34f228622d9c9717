/**
 * `edge pull`: the stage's real distribution written into edge.config.ts as the local
 * CloudFront's configuration, so `pnpm dev` runs the production settings. Read, plan (merge.ts),
 * edit the text (config-text.ts), load the result as every command would, and only then
 * replace the file in one rename: a failure anywhere leaves edge.config.ts as it was.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { writeFileAtomic } from '../build/output.ts';
import { functionNamePrefixOf } from '../deploy/target.ts';
import { EdgeCancelled, ToolsError } from '../errors.ts';
import { loadConfig, type Project } from '../project.ts';
import { same } from './compare.ts';
import { writePlan } from './config-text.ts';
import { type RemoteConfig, remoteConfig } from './from-distribution.ts';
import { unifiedDiff } from './line-diff.ts';
import { planPull } from './merge.ts';
import { pullDistribution } from './read.ts';

const CONFIG_FILE = 'edge.config.ts';

export interface PullOptions {
  stage: string;
  dryRun: boolean;
}

export interface PullDeps {
  cloudFront: CloudFrontClient;
  /** Progress and notes for a person. */
  log(line: string): void;
}

export interface PullResult {
  command: 'pull';
  stage: string;
  distributionId: string;
  dryRun: boolean;
  /** edge.config.ts differs from the distribution (before this pull). */
  changed: boolean;
  written: boolean;
  /** The distribution's settings as read, in edge.config.ts's vocabulary. */
  read: Omit<RemoteConfig, 'notes'>;
  notes: string[];
  /** The change to edge.config.ts as a unified diff; empty when there is none. */
  diff: string;
}

export async function pull(
  project: Project,
  options: PullOptions,
  deps: PullDeps,
): Promise<PullResult> {
  const { stage } = options;
  const functionNamePrefix = functionNamePrefixOf(project, stage);
  const distributionId = project.config.stages?.[stage]?.distributionId ?? '';
  if (!distributionId) {
    throw new ToolsError('config', `stages.${stage}.distributionId is not set in edge.config.ts.`, {
      hint: `Pull reads the stage's CloudFront distribution: set \`stages.${stage}.distributionId\` to its id (\`aws cloudfront list-distributions\` lists them). Nothing was written.`,
    });
  }
  const configPath = join(project.root, CONFIG_FILE);
  const source = readFileSync(configPath, 'utf8');

  deps.log(`Reading distribution ${distributionId} (stage "${stage}")`);
  const pulled = await pullDistribution(deps.cloudFront, distributionId);
  const remote = remoteConfig(pulled.config, pulled.book);
  const plan = planPull(project.config, remote, {
    functionNamePrefix,
    functions: project.functions,
  });
  const next = writePlan(source, project.config, plan);
  const diff = unifiedDiff(source, next, CONFIG_FILE);
  const { notes, ...read } = remote;
  const result: PullResult = {
    command: 'pull',
    stage,
    distributionId,
    dryRun: options.dryRun,
    changed: next !== source,
    written: false,
    read,
    notes: plan.notes,
    diff,
  };
  if (next === source) return result;
  // Ctrl-C from here on waits for the check file to be removed, and writes nothing.
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  try {
    await checkWritten(project.root, next, plan.config);
    if (interrupted) throw new EdgeCancelled('Cancelled; edge.config.ts was not changed.');
    if (options.dryRun) return result;
    if (readFileSync(configPath, 'utf8') !== source) {
      throw new ToolsError('config', 'edge.config.ts changed while `edge pull` was reading.', {
        hint: 'Run `edge pull` again; nothing was written, so your edit is kept.',
      });
    }
    writeFileAtomic(configPath, next);
  } finally {
    process.off('SIGINT', onSigint);
  }
  return { ...result, written: true };
}

/**
 * What pull is about to write, loaded and validated as `edge dev` would load it, and compared
 * with what the plan says it holds. A mismatch is our bug; it must never reach the owner's file.
 */
async function checkWritten(
  root: string,
  text: string,
  expected: Project['config'],
): Promise<void> {
  const file = `edge.config.pull-${process.pid}.ts`;
  writeFileSync(join(root, file), text);
  let loaded: Project['config'];
  try {
    loaded = await loadConfig(root, file);
  } catch (error) {
    throw new ToolsError(
      'config',
      `edge pull produced an edge.config.ts that does not load: ${(error as Error).message}`,
      {
        hint: 'Nothing was written. Please report this with `edge pull --dry-run --json` output; until then, copy the settings by hand.',
        cause: error,
      },
    );
  } finally {
    rmSync(join(root, file), { force: true });
  }
  if (!same(loaded, expected)) {
    throw new ToolsError(
      'config',
      'edge pull produced an edge.config.ts that does not say what it read from the distribution.',
      {
        hint: 'Nothing was written. Please report this with `edge pull --dry-run --json` output; until then, copy the settings by hand.',
      },
    );
  }
}
