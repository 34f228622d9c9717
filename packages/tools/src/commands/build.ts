/** `edge build [--stage <name>]`: bundle and zip every function, then check their sizes. */
import { relative } from 'node:path';
import { parseCommandFlags } from '../build/command-flags.ts';
import { buildFunctions } from '../build/index.ts';
import { loadProject } from '../project.ts';
import { assertWithinSizes, formatBytes, formatSizeTable, sizeReport } from '../size/index.ts';
import type { CommandContext } from './context.ts';

const USAGE = `Usage: edge build [--stage <name>]

Bundles every function under packages/ into dist/<name>/index.mjs (Python: the sources) and
dist/<name>.zip, then checks each zip against the Lambda@Edge limit and its budget.

Options:
  --stage <name>  bake in stages.<name>.define from edge.config.ts (default: "dev", or the only stage)
  --help          show this help`;

export async function run(ctx: CommandContext): Promise<number> {
  const flags = parseCommandFlags('build', ctx.args, {
    stage: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const project = await loadProject(ctx.root);
  if (project.functions.length === 0) {
    console.log('No function packages under packages/ (a package.json with an "edge" field).');
    return 0;
  }
  const started = performance.now();
  const built = await buildFunctions({ project, stage: flags.stage, zip: true });
  const elapsed = Math.round(performance.now() - started);
  for (const fn of built) {
    const zip = fn.zipPath ? relative(ctx.root, fn.zipPath) : '(no zip)';
    console.log(`✓ ${fn.name.padEnd(20)} ${zip}  ${formatBytes(fn.zipBytes ?? 0)}`);
  }
  console.log(`Built ${built.length} function${built.length === 1 ? '' : 's'} in ${elapsed} ms.\n`);
  const report = sizeReport(project.config, built);
  console.log(formatSizeTable(report));
  assertWithinSizes(report);
  return 0;
}
