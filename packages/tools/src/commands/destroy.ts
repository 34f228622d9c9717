import { runStageCommand } from '../deploy/cli-support.ts';
import { destroy } from '../deploy/destroy.ts';
import type { CommandContext } from './context.ts';

const USAGE = `Usage: edge destroy [--stage <name>] [--dry-run] [--yes] [--wait] [--json]

Removes the stage's function associations from its CloudFront distribution (one update) and
prints the commands that delete the functions once CloudFront has removed their replicas.

  --stage <name>  stage in edge.config.ts (default: the only one)
  --dry-run       print what would be removed and change nothing
  --yes           do not ask before changing the distribution (required without a terminal)
  --wait          wait until CloudFront reports the distribution Deployed
  --json          print the result as JSON on stdout (progress on stderr)`;

export function run(ctx: CommandContext): Promise<number> {
  return runStageCommand(ctx, { name: 'destroy', usage: USAGE, act: destroy });
}
