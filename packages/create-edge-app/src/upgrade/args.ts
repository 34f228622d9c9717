/** `create-edge-app upgrade [dir] [options]`: argv (after "upgrade") in, typed options out. */
import { CliUserError } from '../errors.ts';

export interface UpgradeFlags {
  /** The project root; the working directory when absent. */
  dir?: string;
  dryRun: boolean;
  check: boolean;
  allowDirty: boolean;
  yes: boolean;
  help: boolean;
}

const FLAGS: Record<string, keyof Omit<UpgradeFlags, 'dir'>> = {
  '--dry-run': 'dryRun',
  '--check': 'check',
  '--allow-dirty': 'allowDirty',
  '--yes': 'yes',
  '-y': 'yes',
  '--help': 'help',
  '-h': 'help',
};

export function parseUpgradeArgs(argv: readonly string[]): UpgradeFlags {
  const flags: UpgradeFlags = {
    dryRun: false,
    check: false,
    allowDirty: false,
    yes: false,
    help: false,
  };
  const positionals: string[] = [];
  for (const arg of argv) {
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const flag = FLAGS[arg];
    if (!flag) {
      throw new CliUserError(
        `Unknown option "${arg}" for upgrade.`,
        `Valid options: ${Object.keys(FLAGS).join(', ')}. Run create-edge-app --help for details.`,
      );
    }
    flags[flag] = true;
  }
  if (positionals.length > 1) {
    throw new CliUserError(
      `upgrade takes one project directory, got ${positionals.length}: ${positionals.join(' ')}.`,
      'Run it as create-edge-app upgrade [directory].',
    );
  }
  if (flags.dryRun && flags.check) {
    throw new CliUserError(
      '--dry-run and --check do not go together.',
      'Use --dry-run to see the plan, or --check for an exit code (2 when an upgrade is due).',
    );
  }
  if (positionals[0] !== undefined) flags.dir = positionals[0];
  return flags;
}
