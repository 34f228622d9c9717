import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
