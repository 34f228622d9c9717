import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listProjectFiles } from '../src/render/manifest.ts';
import { inspectTarget } from '../src/write/target.ts';
import { createStage, placeProject, type Stage } from '../src/write/transaction.ts';
import { tempDir } from './helpers/temp.ts';

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function snapshot(root: string): Record<string, string> {
  return Object.fromEntries(
    listProjectFiles(root).map((p) => [p, readFileSync(join(root, p), 'utf8')]),
  );
}

const project = { 'package.json': '{}', 'src/index.ts': 'new', 'README.md': 'new readme' };

/** A staging directory for `target` with `project` rendered into it. */
function staged(target: string): Stage {
  const stage = createStage(target);
  write(stage.dir, project);
  return stage;
}

describe('placeProject into a new directory', () => {
  it('renames the staged project into place and leaves nothing beside it', () => {
    const parent = tempDir();
    const target = join(parent, 'nested', 'app');
    const stage = staged(target);
    const placed = placeProject(stage, target, Object.keys(project), inspectTarget(target));
    placed.commit();
    expect(snapshot(target)).toEqual(project);
    expect(readdirSync(join(parent, 'nested'))).toEqual(['app']);
  });

  it('rolls back to nothing, including the parent it created', () => {
    const parent = tempDir();
    const target = join(parent, 'nested', 'app');
    const stage = staged(target);
    const placed = placeProject(stage, target, Object.keys(project), inspectTarget(target));
    write(target, { 'node_modules/x/index.js': '' });
    placed.rollback();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('keeps an existing empty directory on rollback', () => {
    const target = join(tempDir(), 'app');
    mkdirSync(target);
    const stage = staged(target);
    placeProject(stage, target, Object.keys(project), inspectTarget(target)).rollback();
    expect(readdirSync(dirname(target))).toEqual(['app']);
    expect(readdirSync(target)).toEqual([]);
  });
});

describe('placeProject into a non-empty directory (--force)', () => {
  const owners = { 'README.md': 'my readme', 'notes/todo.txt': 'mine', 'src/keep.ts': 'mine too' };

  it('replaces files at the same paths and keeps the owner’s others', () => {
    const target = join(tempDir(), 'app');
    write(target, owners);
    const stage = staged(target);
    const placed = placeProject(stage, target, Object.keys(project).sort(), inspectTarget(target));
    expect(placed.replaced).toEqual(['README.md']);
    placed.commit();
    expect(snapshot(target)).toEqual({ ...owners, ...project });
    expect(readdirSync(dirname(target))).toEqual(['app']);
  });

  it('rolls back to exactly the owner’s files, also after an install added more', () => {
    const target = join(tempDir(), 'app');
    write(target, owners);
    const stage = staged(target);
    const placed = placeProject(stage, target, Object.keys(project), inspectTarget(target));
    write(target, {
      'node_modules/dep/index.js': '',
      'pnpm-lock.yaml': '',
      'src/node_modules/x': '',
    });
    placed.rollback();
    expect(snapshot(target)).toEqual(owners);
    expect(readdirSync(dirname(target))).toEqual(['app']);
  });

  it('undoes the moves already made when one fails midway', () => {
    const target = join(tempDir(), 'app');
    write(target, owners);
    const stage = staged(target);
    // The last file was never staged, so moving it fails after the others have moved.
    const files = [...Object.keys(project), 'missing.txt'];
    expect(() => placeProject(stage, target, files, inspectTarget(target))).toThrow(/ENOENT/);
    expect(snapshot(target)).toEqual(owners);
    expect(readdirSync(dirname(target))).toEqual(['app']);
  });

  it('refuses, before moving anything, when a directory stands where a file goes', () => {
    const target = join(tempDir(), 'app');
    write(target, { 'README.md/inner.txt': 'a directory named README.md' });
    const stage = staged(target);
    expect(() => placeProject(stage, target, Object.keys(project), inspectTarget(target))).toThrow(
      'README.md is in the way',
    );
    expect(snapshot(target)).toEqual({ 'README.md/inner.txt': 'a directory named README.md' });
    stage.discard();
    expect(existsSync(stage.dir)).toBe(false);
  });
});
