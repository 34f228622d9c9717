/**
 * A disk that fills up half-way through writing the project: the error a full disk gives
 * (ENOSPC from write) is raised after some files are written. (The end-to-end tests fill a
 * real, small file system where the machine allows mounting one.)
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/index.ts';
import type { ProjectFiles } from '../src/write/files.ts';
import { recordedIO } from './helpers/io.ts';
import { tempDir } from './helpers/temp.ts';

vi.mock('../src/write/files.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/write/files.ts')>();
  return {
    writeProjectFiles(root: string, rendered: ProjectFiles) {
      const half = new Map([...rendered.files].slice(0, rendered.files.size / 2));
      actual.writeProjectFiles(root, { files: half, executable: rendered.executable });
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
        errno: -28,
        code: 'ENOSPC',
        syscall: 'write',
      });
    },
  };
});

describe('a full disk', () => {
  it('is reported as such, not as a bug, and nothing is left behind', async () => {
    const cwd = tempDir();
    const io = recordedIO(cwd);
    const code = await main(['app', '--yes', '--no-install', '--no-git'], io);
    expect(io.err()).toBe(
      `✖ Cannot write the project to ${cwd}/app: the disk is full [ENOSPC].\n  Free some space on that disk, then run again. Nothing was written.\n`,
    );
    expect(code).toBe(1);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
