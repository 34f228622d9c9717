/** `create-edge-app upgrade [dir] [options]`: argv (after "upgrade") in, typed options out. */
import { parseOrExplain } from '../cli/args.ts';
import { CliError } from '../errors.ts';

export interface UpgradeFlags {
  /** The project root; the working directory when absent. */
  dir?: string;
  dryRun: boolean;
  check: boolean;
  allowDirty: boolean;
  yes: boolean;
  help: boolean;
}

const UPGRADE_OPTIONS = {
  'dry-run': { type: 'boolean' },
  check: { type: 'boolean' },
  'allow-dirty': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseUpgradeArgs(argv: readonly string[]): UpgradeFlags {
  const { values, positionals } = parseOrExplain(argv, UPGRADE_OPTIONS, 'create-edge-app upgrade');
  const flags: UpgradeFlags = {
    dryRun: values['dry-run'] === true,
    check: values.check === true,
    allowDirty: values['allow-dirty'] === true,
    yes: values.yes === true,
    help: values.help === true,
  };
  if (positionals.length > 1) {
    throw new CliError(
      'invalid-argument',
      `upgrade takes one project directory, got ${positionals.length}: ${positionals.join(' ')}.`,
      { hint: 'Run it as create-edge-app upgrade [directory].' },
    );
  }
  if (flags.dryRun && flags.check) {
    throw new CliError('invalid-argument', '--dry-run and --check do not go together.', {
      hint: 'Use --dry-run to see the plan, or --check for an exit code (2 when an upgrade is due).',
    });
  }
  if (positionals[0] !== undefined) flags.dir = positionals[0];
  return flags;
}
