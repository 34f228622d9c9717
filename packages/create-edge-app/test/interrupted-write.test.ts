/**
 * A signal that arrives while the files are moved into place. Moving them is synchronous, so
 * the signal is handled right after: the run must roll back and end with the signal's exit
 * code, instead of going on (or finishing) as if nothing had happened. The signal is raised
 * from inside the move, as the process would receive it there.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/index.ts';
import { recordedIO } from './helpers/io.ts';
import { tempDir } from './helpers/temp.ts';

const signalDuringPlacement = vi.hoisted(() => ({ signal: undefined as string | undefined }));

vi.mock('../src/write/transaction.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/write/transaction.ts')>();
  return {
    ...actual,
    placeProject: (...args: Parameters<typeof actual.placeProject>) => {
      const placed = actual.placeProject(...args);
      const { signal } = signalDuringPlacement;
      if (signal) process.emit(signal as NodeJS.Signals, signal as NodeJS.Signals);
      return placed;
    },
  };
});

describe('a signal while the project is written', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ])('%s rolls a new project back and exits %i', async (signal, exitCode) => {
    signalDuringPlacement.signal = signal;
    const cwd = tempDir();
    const io = recordedIO(cwd);
    const code = await main(['app', '--yes', '--no-install', '--no-git'], io);
    expect(io.err()).toBe(`Stopped by ${signal}; nothing was written.\n`);
    expect(code).toBe(exitCode);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("puts an owner's directory back as it was under --force", async () => {
    signalDuringPlacement.signal = 'SIGTERM';
    const cwd = tempDir();
    const owner = join(cwd, 'site');
    mkdirSync(owner);
    writeFileSync(join(owner, 'README.md'), 'the owner’s');
    writeFileSync(join(owner, 'notes.txt'), 'keep');
    const io = recordedIO(cwd);
    const code = await main(['site', '--yes', '--force', '--no-install', '--no-git'], io);
    expect(code).toBe(143);
    expect(readdirSync(owner).sort()).toEqual(['README.md', 'notes.txt']);
    expect(readFileSync(join(owner, 'README.md'), 'utf8')).toBe('the owner’s');
    expect(readdirSync(cwd)).toEqual(['site']);
  });
});
