/** `create-edge-app upgrade [dir] [options]`: argv (after "upgrade") in, typed options out. */
import { parseOrExplain } from '../cli/args.ts';
import { CliError } from '../errors.ts';
import type { ConflictStyle } from './merge/text.ts';

export interface UpgradeFlags {
  /** Where to look for the project (it or a directory above it); the working directory when absent. */
  dir?: string;
  dryRun: boolean;
  check: boolean;
  /** With --dry-run or --check: the plan as JSON on stdout, nothing else. */
  json: boolean;
  allowDirty: boolean;
  yes: boolean;
  /** Run `pnpm install` after a successful upgrade. */
  install: boolean;
  conflict: ConflictStyle;
  help: boolean;
}

const UPGRADE_OPTIONS = {
  'dry-run': { type: 'boolean' },
  check: { type: 'boolean' },
  json: { type: 'boolean' },
  'allow-dirty': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  install: { type: 'boolean' },
  'no-install': { type: 'boolean' },
  conflict: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const STYLES: readonly ConflictStyle[] = ['inline', 'rej'];

export function parseUpgradeArgs(argv: readonly string[]): UpgradeFlags {
  const { values, positionals, tokens } = parseOrExplain(
    argv,
    UPGRADE_OPTIONS,
    'create-edge-app upgrade',
  );
  const flags: UpgradeFlags = {
    dryRun: values['dry-run'] === true,
    check: values.check === true,
    json: values.json === true,
    allowDirty: values['allow-dirty'] === true,
    yes: values.yes === true,
    install: true,
    conflict: 'inline',
    help: values.help === true,
  };
  // --install/--no-install: the last one given wins.
  for (const token of tokens) {
    if (token.kind === 'option' && (token.name === 'install' || token.name === 'no-install')) {
      flags.install = token.name === 'install';
    }
  }
  if (values.conflict !== undefined) {
    if (!STYLES.includes(values.conflict as ConflictStyle)) {
      throw new CliError('invalid-argument', `--conflict "${values.conflict}" is not a style.`, {
        hint: 'Use --conflict inline (markers in the file, the default) or --conflict rej (yours kept, the template side in <file>.rej).',
      });
    }
    flags.conflict = values.conflict as ConflictStyle;
  }
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
  if (flags.json && !flags.dryRun && !flags.check) {
    throw new CliError('invalid-argument', '--json goes with --dry-run or --check.', {
      hint: 'Run create-edge-app upgrade --dry-run --json for the plan as JSON.',
    });
  }
  if (positionals[0] !== undefined) flags.dir = positionals[0];
  return flags;
}
