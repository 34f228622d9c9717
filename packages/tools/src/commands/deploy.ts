import { runStageCommand } from '../deploy/cli-support.ts';
import { deploy } from '../deploy/deploy.ts';
import { checkInvalidationPaths } from '../deploy/invalidation.ts';
import { rollback } from '../deploy/rollback.ts';
import { ToolsError } from '../errors.ts';
import type { CommandContext } from './context.ts';

const USAGE = `Usage: edge deploy [--stage <name>] [--dry-run] [--yes] [--wait] [--json]
                   [--invalidate <path>...] [--rollback]

Builds and size-checks every function, publishes each as a numbered Lambda version in us-east-1
and associates the versions with the stage's CloudFront distribution in one update.

  --stage <name>       stage in edge.config.ts (default: the only one)
  --dry-run            print the plan (current → new) and change nothing; works without
                       credentials or a distribution id, marking what it could not read
  --yes                do not ask before changing the distribution (required without a terminal)
  --wait               wait until CloudFront reports the distribution Deployed (and the
                       invalidation Completed)
  --invalidate <path>  after the update, invalidate these paths ('/*', '/index.html' ...)
  --json               print the plan and the result as JSON on stdout (progress on stderr)
  --rollback           re-associate the versions of the deploy before the current one`;

export function run(ctx: CommandContext): Promise<number> {
  return runStageCommand(ctx, {
    name: 'deploy',
    usage: USAGE,
    flags: {
      rollback: { type: 'boolean' },
      invalidate: { type: 'string', multiple: true },
    },
    variadic: 'invalidate',
    act: (project, options, deps, flags, rest) => {
      const paths = [...((flags.invalidate as string[] | undefined) ?? []), ...rest];
      if (flags.rollback) {
        if (paths.length > 0) {
          throw new ToolsError('usage', 'edge deploy: --invalidate does not go with --rollback.', {
            hint: 'Roll back first, then invalidate with the AWS CLI or the next deploy.',
          });
        }
        return rollback(project, options, deps);
      }
      const invalidate = flags.invalidate !== undefined ? checkInvalidationPaths(paths) : [];
      return deploy(project, { ...options, invalidate }, deps);
    },
  });
}
