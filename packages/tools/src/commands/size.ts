/** `edge size [--json] [--stage <name>]`: sizes of every function against limits and budgets. */
import { parseCommandFlags } from '../build/command-flags.ts';
import { buildFunctions } from '../build/index.ts';
import type { CommandContext } from '../cli.ts';
import { ToolsError } from '../errors.ts';
import { loadProject } from '../project.ts';
import { assertWithinSizes, formatSizeTable, type SizeReport, sizeReport } from '../size/index.ts';

const USAGE = `Usage: edge size [--json] [--stage <name>]

Builds every function (as \`edge build\` does) and reports bundle and zip sizes against the
Lambda@Edge limit of its event type and its budget. Exits non-zero when any is over.

Options:
  --json          print the report as JSON on stdout (for CI)
  --stage <name>  bake in stages.<name>.define from edge.config.ts
  --help          show this help`;

export async function run(ctx: CommandContext): Promise<number> {
  const flags = parseCommandFlags('size', ctx.args, {
    json: { type: 'boolean' },
    stage: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  let report: SizeReport;
  try {
    report = await measure(ctx.root, flags.stage);
  } catch (error) {
    // CI reading --json still gets JSON when the config or the build fails.
    if (flags.json && error instanceof ToolsError) {
      console.log(
        JSON.stringify({ ok: false, error: { message: error.message, hint: error.hint } }),
      );
    }
    throw error;
  }
  if (flags.json) console.log(JSON.stringify(report, null, 2));
  else if (report.functions.length === 0) console.log('No function packages under packages/.');
  else console.log(formatSizeTable(report));
  assertWithinSizes(report);
  return 0;
}

/** Sizes are measured on a fresh build so they can never describe stale output. */
async function measure(root: string, stage: string | undefined): Promise<SizeReport> {
  const project = await loadProject(root);
  return sizeReport(project.config, await buildFunctions({ project, stage, zip: true }));
}
