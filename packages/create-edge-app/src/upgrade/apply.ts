/**
 * Writing an upgrade so that a failure leaves nothing half-written: every new file (the
 * record and the base snapshot included) is first written into a staging directory inside
 * the project (same file system, so moves are renames); then each target is moved aside into
 * a backup directory and the staged file renamed into place. Any error puts every moved file
 * back before it is rethrown.
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.ts';
import { META_DIR } from '../render/manifest.ts';
import { typeClashes } from '../write/target.ts';

export interface FileWrite {
  path: string;
  /** Absent: delete the file. */
  bytes?: Buffer;
  executable?: boolean;
}

/** `rename` is replaceable so that tests can make a move fail halfway. */
export function applyWrites(
  root: string,
  writes: readonly FileWrite[],
  rename: (from: string, to: string) => void = renameSync,
): void {
  refuseTypeClashes(root, writes);
  const work = join(root, META_DIR, `.upgrade-${randomBytes(4).toString('hex')}`);
  const stageDir = join(work, 'stage');
  const backupDir = join(work, 'backup');
  const moved: Array<{ path: string; backedUp: boolean; placed: boolean }> = [];
  const createdDirs: string[] = [];
  let keepWork = false;
  try {
    for (const write of writes) {
      if (!write.bytes) continue;
      const staged = join(stageDir, write.path);
      mkdirSync(dirname(staged), { recursive: true });
      writeFileSync(staged, write.bytes, { mode: write.executable ? 0o755 : 0o644 });
    }
    for (const write of writes) {
      const target = join(root, write.path);
      const step = { path: write.path, backedUp: false, placed: false };
      moved.push(step);
      if (existsSync(target)) {
        mkdirSync(dirname(join(backupDir, write.path)), { recursive: true });
        rename(target, join(backupDir, write.path));
        step.backedUp = true;
      }
      if (write.bytes) {
        const created = mkdirSync(dirname(target), { recursive: true });
        if (created) createdDirs.push(created);
        rename(join(stageDir, write.path), target);
        step.placed = true;
      }
    }
  } catch (error) {
    try {
      for (const step of moved.reverse()) {
        if (step.placed) rmSync(join(root, step.path), { force: true });
        if (step.backedUp) renameSync(join(backupDir, step.path), join(root, step.path));
      }
      for (const dir of createdDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    } catch (rollbackError) {
      // The owner's originals are still in the backup directory: keep it and say where.
      keepWork = true;
      throw new Error(
        `The upgrade failed (${(error as Error).message}) and so did putting files back (${(rollbackError as Error).message}); your original files are in ${backupDir}.`,
      );
    }
    throw error;
  } finally {
    if (!keepWork) rmSync(work, { recursive: true, force: true });
  }
  for (const write of writes) if (!write.bytes) removeEmptyParents(root, write.path);
}

/**
 * Moving a directory aside to put a file in its place would delete the owner's directory
 * with everything in it; a file where a directory is needed cannot be written. Both are
 * refused before anything is touched.
 */
function refuseTypeClashes(root: string, writes: readonly FileWrite[]): void {
  const clashes = typeClashes(
    root,
    writes.map((write) => write.path),
  );
  if (clashes.length > 0) {
    throw new CliError(
      'file-system',
      `Cannot upgrade: ${clashes.join(', ')} ${clashes.length > 1 ? 'are' : 'is'} in the way (a directory where the template has a file, or the reverse).`,
      { hint: 'Move or rename them, commit, and run upgrade again. Nothing was changed.' },
    );
  }
}

/** A file removed from the template can leave its directory empty: remove that too. */
function removeEmptyParents(root: string, path: string): void {
  const parts = path.split('/').slice(0, -1);
  for (let depth = parts.length; depth > 0; depth--) {
    const dir = join(root, ...parts.slice(0, depth));
    if (!existsSync(dir) || readdirSync(dir).length > 0) return;
    rmdirSync(dir);
  }
}
