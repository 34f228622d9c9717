/**
 * Moving a rendered project from its staging directory into place, so that no failure and
 * no Ctrl-C leaves a half-written project behind.
 *
 * - New target: the staging directory (a sibling of the target, hence on the same file
 *   system) is renamed into place in one step.
 * - Existing directory (empty, or non-empty with --force): files are moved one by one into
 *   it, so the directory itself is kept. An existing file at the same path
 *   is first moved into a backup directory. Every step is recorded, so `rollback()` puts the
 *   owner's files back exactly and removes what the run added, including what a later
 *   install or `git init` created in directories the run made.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../errors.ts';
import { type TargetState, typeClashes } from './target.ts';

export interface PlacedProject {
  /** Paths of the owner's files that were replaced (non-empty target only). */
  replaced: string[];
  /** Undo everything: the target is as it was before the run. */
  rollback(): void;
  /** Keep the result; remove staging and backups. */
  commit(): void;
}

export interface Stage {
  /** Where the project is rendered: `.<name>.create-edge-app-<pid>-<n>` beside the target. */
  dir: string;
  /** The outermost parent directory this run had to create for the target, if any. */
  createdParent: string | undefined;
  /** Remove the staging directory and any parent created for it. */
  discard(): void;
}

let stagesMade = 0;

export function createStage(targetDir: string): Stage {
  const createdParent = mkdirSync(dirname(targetDir), { recursive: true });
  const dir = makeStageDir(targetDir);
  return {
    dir,
    createdParent,
    discard() {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.backup`, { recursive: true, force: true });
      if (createdParent) rmSync(createdParent, { recursive: true, force: true });
    },
  };
}

/**
 * A new directory beside the target, named after this process and a counter: unique among
 * running processes, and a leftover of a killed run with the same pid is stepped over.
 * (Not random bytes: node:crypto is the slowest module a scaffold would load.)
 */
function makeStageDir(targetDir: string): string {
  for (;;) {
    const dir = join(
      dirname(targetDir),
      `.${basename(targetDir)}.create-edge-app-${process.pid}-${++stagesMade}`,
    );
    try {
      mkdirSync(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export function placeProject(
  stage: Stage,
  targetDir: string,
  files: readonly string[],
  state: TargetState,
): PlacedProject {
  // An existing directory, even an empty one, stays the same directory: it may be the shell's
  // working directory (`create-edge-app .`), and replacing it would strand that shell.
  if (state.kind !== 'missing') return placeFileByFile(stage.dir, targetDir, files);
  renameSync(stage.dir, targetDir);
  return {
    replaced: [],
    rollback() {
      rmSync(targetDir, { recursive: true, force: true });
      stage.discard();
    },
    commit() {},
  };
}

interface Step {
  file: string;
  backedUp: boolean;
}

function placeFileByFile(
  stageDir: string,
  targetDir: string,
  files: readonly string[],
): PlacedProject {
  refuseTypeClashes(targetDir, files);
  const backupDir = `${stageDir}.backup`;
  const steps: Step[] = [];
  const createdDirs: string[] = [];
  const replaced: string[] = [];
  // What each existing directory on the way to a project file held before the run, so that
  // rollback can also remove what install or git adds there (node_modules, .git, a lockfile).
  const listings = existingListings(targetDir, files);

  const ensureDir = (dir: string) => {
    const created = mkdirSync(dir, { recursive: true });
    if (created) createdDirs.push(created);
  };
  const cleanUp = () => {
    rmSync(backupDir, { recursive: true, force: true });
    rmSync(stageDir, { recursive: true, force: true });
  };
  const rollback = () => {
    for (const step of [...steps].reverse()) {
      rmSync(join(targetDir, step.file), { force: true });
      if (step.backedUp) renameSync(join(backupDir, step.file), join(targetDir, step.file));
    }
    for (const dir of [...createdDirs].reverse()) rmSync(dir, { recursive: true, force: true });
    for (const [dir, before] of listings) {
      if (!existsSync(dir)) continue;
      for (const entry of readdirSync(dir)) {
        if (!before.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
      }
    }
    cleanUp();
  };

  try {
    for (const file of files) {
      const destination = join(targetDir, file);
      ensureDir(dirname(destination));
      const exists = existsSync(destination);
      if (exists) {
        mkdirSync(dirname(join(backupDir, file)), { recursive: true });
        renameSync(destination, join(backupDir, file));
        replaced.push(file);
      }
      steps.push({ file, backedUp: exists });
      renameSync(join(stageDir, file), destination);
    }
  } catch (error) {
    rollback();
    throw error;
  }
  return { replaced, rollback, commit: cleanUp };
}

function existingListings(targetDir: string, files: readonly string[]): Map<string, Set<string>> {
  const listings = new Map<string, Set<string>>();
  const record = (dir: string) => {
    if (!listings.has(dir)) listings.set(dir, new Set(readdirSync(dir)));
  };
  record(targetDir);
  for (const file of files) {
    const parts = file.split('/').slice(0, -1);
    for (let depth = 1; depth <= parts.length; depth++) {
      const dir = join(targetDir, ...parts.slice(0, depth));
      if (!existsSync(dir)) break;
      record(dir);
    }
  }
  return listings;
}

/** A directory where the project has a file (or the reverse) cannot be replaced safely. */
function refuseTypeClashes(targetDir: string, files: readonly string[]): void {
  const clashes = typeClashes(targetDir, files);
  if (clashes.length > 0) {
    throw new CliError(
      'file-system',
      `Cannot write into ${targetDir}: ${clashes.join(', ')} ${clashes.length > 1 ? 'are' : 'is'} in the way (a file where the project needs a directory, or the reverse).`,
      { hint: 'Move those out of the way, or choose another directory. Nothing was written.' },
    );
  }
}
