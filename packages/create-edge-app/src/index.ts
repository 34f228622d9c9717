/**
 * Entry: `main(argv)` parses the arguments and answers --help and --version; the create and
 * upgrade commands (and the prompts and execa, later still) are imported only when they run.
 * The one place where errors become messages and exit codes; nothing below calls
 * process.exit.
 */
import type { Writable } from 'node:stream';
import { isatty } from 'node:tty';
import { parseArgs } from './cli/args.ts';
import { helpText } from './cli/help.ts';
import { starterCatalogue } from './cli/starters.ts';
import { CliCancelled, CliError, CliInterrupted } from './errors.ts';
import { GENERATOR_VERSION } from './version.ts';
import { fileSystemError, isFileSystemError } from './write/fs-errors.ts';

const UPGRADE_COMMAND = 'upgrade';

export interface MainIO {
  stdout: Writable;
  stderr: Writable;
  stdinIsTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The process's streams; whether stdin is a terminal decides interactivity before any prompt. */
function processIO(): MainIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: isatty(0),
    cwd: process.cwd(),
    env: process.env,
  };
}

export async function main(argv: readonly string[], io: MainIO = processIO()): Promise<number> {
  try {
    // A subcommand only as the first word; `create-edge-app ./upgrade` still creates one.
    if (argv[0] === UPGRADE_COMMAND) return await runUpgrade(argv.slice(1), io);
    const flags = parseArgs(argv);
    if (flags.help) {
      io.stdout.write(helpText(GENERATOR_VERSION, await starterCatalogue()));
      return 0;
    }
    if (flags.version) {
      io.stdout.write(`${GENERATOR_VERSION}\n`);
      return 0;
    }
    const { create } = await import('./create.ts');
    await create(commandContext(flags, io));
    return 0;
  } catch (caught) {
    if (caught instanceof CliInterrupted) {
      io.stderr.write(`${caught.message}\n`);
      return caught.exitCode;
    }
    if (caught instanceof CliCancelled) {
      if (caught.message) io.stderr.write(`${caught.message}\n`);
      return 0;
    }
    // A full disk or a read-only directory met anywhere is the user's to fix, not a bug.
    const error = isFileSystemError(caught) ? fileSystemError(caught) : caught;
    if (error instanceof CliError) {
      io.stderr.write(`✖ ${error.message}\n`);
      if (error.hint) io.stderr.write(`  ${error.hint}\n`);
      return 1;
    }
    io.stderr.write(
      `✖ create-edge-app failed unexpectedly; this is a bug, please report it with what follows:\n${(error as Error)?.stack ?? String(error)}\n`,
    );
    return 1;
  }
}

async function runUpgrade(argv: readonly string[], io: MainIO): Promise<number> {
  const { parseUpgradeArgs } = await import('./upgrade/args.ts');
  const flags = parseUpgradeArgs(argv);
  if (flags.help) {
    io.stdout.write(helpText(GENERATOR_VERSION, await starterCatalogue()));
    return 0;
  }
  const { upgrade } = await import('./upgrade/command.ts');
  return upgrade(commandContext(flags, io));
}

/** What either command gets: its flags, and questions only at a terminal without --yes. */
function commandContext<Flags extends { yes: boolean }>(flags: Flags, io: MainIO) {
  return {
    flags,
    cwd: io.cwd,
    interactive: !flags.yes && io.stdinIsTTY,
    stdout: io.stdout,
    env: io.env,
  };
}
