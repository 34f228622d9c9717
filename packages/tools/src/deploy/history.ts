/**
 * Deploy history per stage, kept in the workspace at `.edge/deployments/<stage>.json`: an
 * append-only list of what each deploy, rollback or destroy set on the distribution and what
 * was there before, so a rollback knows exactly which versions to re-associate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../build/output.ts';
import { ToolsError } from '../errors.ts';
import type { AssociationRecord } from './distribution.ts';

export interface DeploymentRecord {
  kind: 'deploy' | 'rollback' | 'destroy';
  /** ISO time the distribution change was sent (or found unnecessary). */
  time: string;
  distributionId: string;
  /** Behaviors whose associations this run owned. */
  behaviors: string[];
  /** Package name → versioned ARN associated by this run. */
  functions: Record<string, string>;
  /** Associations of `behaviors` after this run. */
  associations: AssociationRecord[];
  /** Associations of `behaviors` before this run. */
  previous: AssociationRecord[];
  /** Whether UpdateDistribution was sent. */
  changed: boolean;
  /** For a rollback: index in the history of the deploy it restored. */
  restoredIndex?: number;
}

interface HistoryFile {
  stage: string;
  deployments: DeploymentRecord[];
}

export function historyPath(root: string, stage: string): string {
  return join(root, '.edge', 'deployments', `${stage}.json`);
}

export function readHistory(root: string, stage: string): DeploymentRecord[] {
  const path = historyPath(root, stage);
  if (!existsSync(path)) return [];
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as HistoryFile;
    if (!Array.isArray(file.deployments)) throw new Error('no "deployments" list');
    return file.deployments;
  } catch (error) {
    throw new ToolsError(
      'deploy',
      `${path} is not a deploy history: ${(error as Error).message}.`,
      { hint: 'Restore it from version control; deploy appends to it and rollback reads it.' },
    );
  }
}

export function appendHistory(root: string, stage: string, record: DeploymentRecord): void {
  const path = historyPath(root, stage);
  const file: HistoryFile = { stage, deployments: [...readHistory(root, stage), record] };
  // Replaced in one step, so an interrupted write never leaves half a history behind.
  writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
}

/**
 * The deploy a rollback restores: the newest deploy older than the one now in effect whose
 * associations differ from the current ones. Repeated rollbacks walk further back.
 */
export function rollbackTarget(
  history: DeploymentRecord[],
): { index: number; record: DeploymentRecord } | undefined {
  const last = history.at(-1);
  if (!last) return undefined;
  const cursor = last.kind === 'rollback' ? (last.restoredIndex ?? 0) : history.length - 1;
  const current = JSON.stringify(last.associations);
  for (let index = cursor - 1; index >= 0; index--) {
    const record = history[index];
    if (record?.kind === 'deploy' && JSON.stringify(record.associations) !== current) {
      return { index, record };
    }
  }
  return undefined;
}
