import type { CommandContext } from '../cli.ts';
import { destroyAwsClients } from '../deploy/aws.ts';
import { parseFlags, pickStage, realDeps } from '../deploy/cli-support.ts';
import { deploy } from '../deploy/deploy.ts';
import { rollback } from '../deploy/rollback.ts';
import { loadProject } from '../project.ts';

const USAGE = `Usage: edge deploy [--stage <name>] [--dry-run] [--yes] [--wait] [--rollback]

Builds and size-checks every function, publishes each as a numbered Lambda version in us-east-1
and associates the versions with the stage's CloudFront distribution in one update.

  --stage <name>  stage in edge.config.ts (default: the only one)
  --dry-run       print the plan (current → new) and change nothing
  --yes           do not ask before changing the distribution (required without a terminal)
  --wait          wait until CloudFront reports the distribution Deployed
  --rollback      re-associate the versions of the deploy before the current one`;

export async function run(ctx: CommandContext): Promise<number> {
  const flags = parseFlags('deploy', ctx.args, {
    stage: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    wait: { type: 'boolean' },
    rollback: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const project = await loadProject(ctx.root);
  const options = {
    stage: pickStage(project.config, flags.stage),
    dryRun: flags['dry-run'] === true,
    yes: flags.yes === true,
    wait: flags.wait === true,
  };
  const deps = await realDeps();
  try {
    if (flags.rollback) await rollback(project, options, deps);
    else await deploy(project, options, deps);
  } finally {
    destroyAwsClients(deps.clients);
  }
  return 0;
}
