import type { CommandContext } from '../cli.ts';
import { destroyAwsClients } from '../deploy/aws.ts';
import { parseFlags, pickStage, realDeps } from '../deploy/cli-support.ts';
import { destroy } from '../deploy/destroy.ts';
import { loadProject } from '../project.ts';

const USAGE = `Usage: edge destroy [--stage <name>] [--dry-run] [--yes] [--wait]

Removes the stage's function associations from its CloudFront distribution (one update) and
prints the commands that delete the functions once CloudFront has removed their replicas.`;

export async function run(ctx: CommandContext): Promise<number> {
  const flags = parseFlags('destroy', ctx.args, {
    stage: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    wait: { type: 'boolean' },
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
    await destroy(project, options, deps);
  } finally {
    destroyAwsClients(deps.clients);
  }
  return 0;
}
