/** `edge size [--json] [--stage <name>]`: sizes of every function against limits and budgets. */
import { parseCommandFlags } from '../build/command-flags.ts';
import { buildFunctions } from '../build/index.ts';
import { ToolsError } from '../errors.ts';
import { loadProject } from '../project.ts';
import { assertWithinSizes, formatSizeTable, type SizeReport, sizeReport } from '../size/index.ts';
import type { CommandContext } from './context.ts';

const USAGE = `Usage: edge size [--json] [--stage <name>]

Builds every function (as \`edge build\` does) and reports bundle and zip sizes against the
Lambda@Edge limit of its event type and its budget. Exits non-zero when any is over.

Options:
  --json          print the report as JSON on stdout (for CI); through pnpm, run
                  \`pnpm -s size --json\`: without -s pnpm prints its script banner first
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
      warnOfScriptBanner();
    }
    throw error;
  }
  if (flags.json) {
    console.log(JSON.stringify(report, null, 2));
    warnOfScriptBanner();
  } else if (report.functions.length === 0) console.log('No function packages under packages/.');
  else console.log(formatSizeTable(report));
  assertWithinSizes(report);
  return 0;
}

/**
 * Run as a package script (`pnpm size --json`), the package manager printed its banner
 * (`> app@0.0.0 size ...`) on stdout above the JSON, unless it was silenced; no command can
 * take that back, so say how to get the JSON alone.
 */
function warnOfScriptBanner(env: NodeJS.ProcessEnv = process.env): void {
  const script = env.npm_lifecycle_event;
  // Only when this command is what the script runs (not, say, a test run that calls it).
  if (!script || !/(^|[\s;&|])edge\s+size\b/.test(env.npm_lifecycle_script ?? '')) return;
  if (env.npm_config_reporter === 'silent' || env.npm_config_loglevel === 'silent') return;
  const runner = /pnpm/.test(env.npm_execpath ?? '') ? 'pnpm' : 'npm run';
  console.error(
    `note: ${runner} printed its "> ${script}" banner on stdout above the JSON; \`${runner} -s ${script} --json\` prints the JSON alone.`,
  );
}

/** Sizes are measured on a fresh build so they can never describe stale output. */
async function measure(root: string, stage: string | undefined): Promise<SizeReport> {
  const project = await loadProject(root);
  return sizeReport(project.config, await buildFunctions({ project, stage, zip: true }));
}
