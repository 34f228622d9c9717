/**
 * SIGINT and SIGTERM sent to the built CLI's process alone (as `kill <pid>` does, unlike a
 * terminal's Ctrl-C, which reaches the whole foreground group) during a real `pnpm install`:
 * the install's whole process tree ends before the rollback, nothing is written afterwards,
 * and the exit code is the signal's (130, 143). Process trees are read from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';
import { assertBuilt, BIN } from './helpers/cli.ts';
import { alive, descendants, HAS_PROC } from './helpers/processes.ts';

beforeAll(assertBuilt);

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function startCli(args: string[], cwd: string): Run {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true' },
  });
  let printed = '';
  child.stdout?.on('data', (chunk) => {
    printed += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    printed += chunk;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  const exit = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve(code);
    });
  });
  return { child, output: () => printed, exit };
}

/**
 * Waits until pnpm is installing (its process runs, and it has started writing or had a
 * moment to), then sends `signal` to the CLI's process only. Returns the processes below the
 * CLI at that moment.
 */
async function interruptInstall(run: Run, project: string, signal: NodeJS.Signals) {
  const pid = run.child.pid as number;
  const deadline = Date.now() + 120_000;
  let pnpmSeenAt: number | undefined;
  for (;;) {
    if (run.child.exitCode !== null) {
      throw new Error(`the CLI ended before the install could be interrupted:\n${run.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`no install started:\n${run.output()}`);
    const tree = descendants(pid);
    if (pnpmSeenAt === undefined && tree.some((p) => /pnpm/.test(p.command))) {
      pnpmSeenAt = Date.now();
    }
    const writing = existsSync(join(project, 'node_modules'));
    if (pnpmSeenAt !== undefined && (writing || Date.now() - pnpmSeenAt > 1500)) {
      process.kill(pid, signal);
      return tree;
    }
    await sleep(25);
  }
}

describe.skipIf(!HAS_PROC)('a signal to the CLI during pnpm install (reads /proc)', () => {
  it('SIGINT: stops the install tree, removes the new project, exits 130', async () => {
    const cwd = tempDir();
    const run = startCli(['fresh', '--yes', '--no-git'], cwd);
    const tree = await interruptInstall(run, join(cwd, 'fresh'), 'SIGINT');
    expect(await run.exit, run.output()).toBe(130);
    expect(run.output()).toContain('Stopped by SIGINT; nothing was written.');
    expect(tree.filter((p) => alive(p.pid)).map((p) => p.command)).toEqual([]);
    expect(readdirSync(cwd)).toEqual([]);
    // Nothing is left to write later.
    await sleep(3000);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("SIGTERM under --force: the owner's directory is as it was, exit 143", async () => {
    const cwd = tempDir();
    const owner = join(cwd, 'site');
    mkdirSync(owner);
    writeFileSync(join(owner, 'README.md'), 'the owner’s readme');
    writeFileSync(join(owner, 'notes.txt'), 'keep');
    const run = startCli(['site', '--yes', '--force', '--no-git'], cwd);
    const tree = await interruptInstall(run, owner, 'SIGTERM');
    expect(await run.exit, run.output()).toBe(143);
    expect(run.output()).toContain('Stopped by SIGTERM; nothing was written.');
    expect(tree.filter((p) => alive(p.pid)).map((p) => p.command)).toEqual([]);
    const ownersFiles = () =>
      readdirSync(owner)
        .sort()
        .map((file) => [file, readFileSync(join(owner, file), 'utf8')]);
    const expected = [
      ['README.md', 'the owner’s readme'],
      ['notes.txt', 'keep'],
    ];
    expect(ownersFiles()).toEqual(expected);
    await sleep(3000);
    expect(ownersFiles()).toEqual(expected);
    expect(readdirSync(cwd)).toEqual(['site']);
  });
});
