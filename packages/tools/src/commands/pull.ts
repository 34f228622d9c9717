/** `edge pull [--stage s] [--dry-run] [--json]` */
import { parseCommandFlags } from '../build/command-flags.ts';
import { createAwsClients, destroyAwsClients } from '../deploy/aws.ts';
import { pickStage } from '../deploy/cli-support.ts';
import { ToolsError } from '../errors.ts';
import { loadProject } from '../project.ts';
import { pull } from '../pull/index.ts';
import type { CommandContext } from './context.ts';

const USAGE = `Usage: edge pull [--stage <name>] [--dry-run] [--json]

Reads the stage's CloudFront distribution and writes its settings into edge.config.ts as the
local CloudFront's configuration: origins (timeouts, attempts, custom headers), origin groups,
the default and ordered cache behaviors (cache, origin request and response headers policies,
legacy cache settings, methods, compression, viewer protocol policy), custom error responses
and the default root object. Comments, function associations, stages, \`dev\` and every other
setting stay as they are; each origin keeps where \`pnpm dev\` sends its requests.

  --stage <name>  stage in edge.config.ts (default: the only one)
  --dry-run       print the change to edge.config.ts as a diff and write nothing
  --json          print what was read (and whether edge.config.ts changed) as JSON on stdout`;

export async function run(ctx: CommandContext): Promise<number> {
  const values = parseCommandFlags('pull', ctx.args, {
    stage: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const json = values.json === true;
  const dryRun = values['dry-run'] === true;
  // With --json, stdout carries the JSON alone.
  const log = (line: string) => (json ? console.error(line) : console.log(line));
  try {
    const project = await loadProject(ctx.root);
    const stage = pickStage(project.config, values.stage);
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const clients = createAwsClients();
    try {
      const result = await pull(
        project,
        { stage, dryRun },
        { cloudFront: clients.cloudFront, log },
      );
      for (const note of result.notes) log(`  · ${note}`);
      if (json) console.log(JSON.stringify({ ok: true, ...result }, null, 2));
      else if (dryRun)
        log(result.diff || "edge.config.ts already has the distribution's settings.");
      if (!result.changed) log("✔ edge.config.ts already has the distribution's settings.");
      else if (result.written) {
        log(
          `✔ Wrote the settings of ${result.distributionId} into edge.config.ts; \`pnpm dev\` runs them now.`,
        );
      } else log('Dry run: edge.config.ts was not changed.');
    } finally {
      destroyAwsClients(clients);
    }
  } catch (error) {
    if (json && error instanceof ToolsError) {
      console.log(
        JSON.stringify(
          { ok: false, error: { code: error.code, message: error.message, hint: error.hint } },
          null,
          2,
        ),
      );
    }
    throw error;
  }
  return 0;
}
