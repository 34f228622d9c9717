import type { CommandContext } from '../cli.ts';
import { runStageCommand } from '../deploy/cli-support.ts';
import { deploy } from '../deploy/deploy.ts';
import { rollback } from '../deploy/rollback.ts';

const USAGE = `Usage: edge deploy [--stage <name>] [--dry-run] [--yes] [--wait] [--rollback]

Builds and size-checks every function, publishes each as a numbered Lambda version in us-east-1
and associates the versions with the stage's CloudFront distribution in one update.

  --stage <name>  stage in edge.config.ts (default: the only one)
  --dry-run       print the plan (current → new) and change nothing
  --yes           do not ask before changing the distribution (required without a terminal)
  --wait          wait until CloudFront reports the distribution Deployed
  --rollback      re-associate the versions of the deploy before the current one`;

export function run(ctx: CommandContext): Promise<number> {
  return runStageCommand(ctx, {
    name: 'deploy',
    usage: USAGE,
    flags: { rollback: { type: 'boolean' } },
    act: (project, options, deps, flags) =>
      flags.rollback ? rollback(project, options, deps) : deploy(project, options, deps),
  });
}
