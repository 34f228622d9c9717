import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type SourceWatcher, watchSources } from '../../src/dev/watch.ts';

let root: string | undefined;
let watcher: SourceWatcher | undefined;
afterEach(() => {
  watcher?.close();
  watcher = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

describe('watchSources', () => {
  it("sees a change deep in a function's src/ that another function imports from", async () => {
    root = mkdtempSync(join(tmpdir(), 'edge-watch-'));
    const src = join(root, 'a', 'src');
    mkdirSync(join(src, 'lib'), { recursive: true });
    writeFileSync(join(src, 'shared.ts'), 'export const x = 1;\n');
    writeFileSync(join(src, 'lib', 'deep.ts'), 'export const y = 1;\n');
    mkdirSync(join(root, 'b', 'src'), { recursive: true });
    const changed: string[] = [];
    // b first: a/src is then already watched (flat) as the directory of one of b's inputs.
    watcher = watchSources(
      [
        { name: 'b', dir: join(root, 'b'), inputs: [join(src, 'shared.ts')] },
        { name: 'a', dir: join(root, 'a') },
      ],
      (name) => changed.push(name),
      10,
      (name, error) => changed.push(`${name}: ${error.message}`),
    );
    writeFileSync(join(src, 'lib', 'deep.ts'), 'export const y = 2;\n');
    await expect.poll(() => changed, { timeout: 2_000 }).toContain('a');
  });
});

describe('every way an editor saves', () => {
  /** One function whose src/index.ts the test saves; the names of the rebuilds it caused. */
  function watchOne() {
    root = mkdtempSync(join(tmpdir(), 'edge-watch-saves-'));
    const src = join(root, 'fn', 'src');
    mkdirSync(src, { recursive: true });
    const file = join(src, 'index.ts');
    writeFileSync(file, 'export const v = 0;\n');
    const rebuilds: string[] = [];
    watcher = watchSources(
      [{ name: 'fn', dir: join(root, 'fn'), inputs: [file] }],
      (name) => rebuilds.push(name),
      10,
      (name, error) => rebuilds.push(`${name}: ${error.message}`),
    );
    return { src, file, rebuilds };
  }

  /** Saves and waits until that save has rebuilt; each save must rebuild once more. */
  async function expectRebuild(rebuilds: string[], save: () => void) {
    const before = rebuilds.length;
    save();
    await expect.poll(() => rebuilds.length, { timeout: 3_000 }).toBe(before + 1);
    expect(rebuilds.at(-1)).toBe('fn');
    // Debounced: the burst of one save is one rebuild.
    await new Promise((resolve) => setTimeout(resolve, 60));
  }

  it('sees saves by rename (safe write, sed -i) and the in-place saves after them, each time', async () => {
    const { file, rebuilds } = watchOne();
    // JetBrains' safe write: a temp file beside, renamed over the original.
    await expectRebuild(rebuilds, () => {
      writeFileSync(`${file}___jb_tmp___`, 'export const v = 1;\n');
      renameSync(`${file}___jb_tmp___`, file);
    });
    await expectRebuild(rebuilds, () => writeFileSync(file, 'export const v = 2;\n'));
    await expectRebuild(rebuilds, () => writeFileSync(file, 'export const v = 3;\n'));
    // sed -i: a new file with a random name, renamed over the original.
    await expectRebuild(rebuilds, () => {
      writeFileSync(join(dirname(file), 'sedAb12Cd'), 'export const v = 4;\n');
      renameSync(join(dirname(file), 'sedAb12Cd'), file);
    });
    await expectRebuild(rebuilds, () => writeFileSync(file, 'export const v = 5;\n'));
  });

  it('sees files in a directory created after watching started', async () => {
    const { src, rebuilds } = watchOne();
    await expectRebuild(rebuilds, () => mkdirSync(join(src, 'lib')));
    await expectRebuild(rebuilds, () => writeFileSync(join(src, 'lib', 'util.ts'), 'export {};\n'));
    await expectRebuild(rebuilds, () =>
      writeFileSync(join(src, 'lib', 'util.ts'), 'export const u = 1;\n'),
    );
  });
});
