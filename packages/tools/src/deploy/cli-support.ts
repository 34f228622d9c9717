/**
 * What the `deploy` and `destroy` commands share: their flags, choosing the stage, wiring the
 * real dependencies (SDK clients in us-east-1, the function builder, the terminal) and closing
 * the clients afterwards. With --json the result (or the error) is the only thing on stdout;
 * progress and the plan go to stderr.
 */
import type { EdgeConfig } from '@edge-app/runtime';
import { parseCommandLine } from '../build/command-flags.ts';
import type { CommandContext } from '../commands/context.ts';
import { ToolsError } from '../errors.ts';
import { loadProject, type Project } from '../project.ts';
import { configuredRegionOtherThanEdge, createAwsClients, destroyAwsClients } from './aws.ts';
import { confirmOnTerminal } from './confirm.ts';
import { reporterFor } from './progress.ts';
import type { BuiltArtifact, DeployDeps, RunOptions } from './session.ts';

type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** What `edge deploy` and `edge destroy` both are: a change to one stage's distribution. */
export interface StageCommand {
  name: 'deploy' | 'destroy';
  usage: string;
  /** Flags besides --stage, --dry-run, --yes, --wait, --json and --help. */
  flags?: FlagSpec;
  /** The flag after which bare arguments are its further values (`--invalidate /a /b`). */
  variadic?: string;
  act(
    project: Project,
    options: RunOptions,
    deps: DeployDeps,
    flags: FlagValues,
    rest: string[],
  ): Promise<unknown>;
}

/** Parses the flags, loads the project, picks the stage, runs, and closes the SDK clients. */
export async function runStageCommand(ctx: CommandContext, command: StageCommand): Promise<number> {
  const { values, positionals, tokens } = parseCommandLine(
    command.name,
    ctx.args,
    {
      stage: { type: 'string' },
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      wait: { type: 'boolean' },
      json: { type: 'boolean' },
      ...command.flags,
      help: { type: 'boolean', short: 'h' },
    },
    { valueHints: false },
  );
  const flags = values as FlagValues;
  if (flags.help) {
    console.log(command.usage);
    return 0;
  }
  const variadicAt = tokens.findIndex((t) => t.kind === 'option' && t.name === command.variadic);
  const stray = tokens.find(
    (t, index) => t.kind === 'positional' && (variadicAt < 0 || index < variadicAt),
  );
  if (stray?.kind === 'positional') {
    throw new ToolsError('usage', `edge ${command.name}: unexpected argument "${stray.value}".`, {
      hint: `Run \`edge ${command.name} --help\` for its options.`,
    });
  }
  const json = flags.json === true;
  try {
    const project = await loadProject(ctx.root);
    const options: RunOptions = {
      stage: pickStage(project.config, flags.stage as string | undefined),
      dryRun: flags['dry-run'] === true,
      yes: flags.yes === true,
      wait: flags.wait === true,
    };
    const deps = await realDeps(json);
    try {
      const result = await command.act(project, options, deps, flags, positionals);
      if (json) console.log(JSON.stringify({ ok: true, ...(result as object) }, null, 2));
    } finally {
      destroyAwsClients(deps.clients);
    }
  } catch (error) {
    // A script reading --json still gets JSON when the command fails.
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

/** The stage to act on: --stage, or the only one edge.config.ts defines. */
export function pickStage(config: EdgeConfig, requested: string | undefined): string {
  const stages = Object.keys(config.stages ?? {});
  if (requested) return requested;
  if (stages.length === 1 && stages[0]) return stages[0];
  throw new ToolsError(
    'deploy',
    stages.length === 0 ? 'edge.config.ts defines no stages.' : 'Which stage?',
    {
      hint:
        stages.length === 0
          ? "Add one: `stages: { prod: { distributionId: 'E...' } }`."
          : `Pass --stage with one of: ${stages.join(', ')}.`,
    },
  );
}

/** The build `edge build` does, and the size check `edge size` does (limits and budgets). */
async function buildWithBuilder(project: Project, stage: string): Promise<BuiltArtifact[]> {
  const { buildFunctions } = await import('../build/index.ts');
  const { assertWithinSizes, sizeReport } = await import('../size/index.ts');
  const built = await buildFunctions({ project, stage, zip: true });
  assertWithinSizes(sizeReport(project.config, built));
  return built.map((fn) => {
    if (!fn.zipPath) throw new ToolsError('deploy', `The build wrote no zip for "${fn.name}".`);
    return {
      name: fn.name,
      zipPath: fn.zipPath,
      zipBytes: fn.zipBytes ?? 0,
      ...(fn.language === 'node' ? { sourceMapPath: `${fn.entry}.map` } : {}),
    };
  });
}

/** With `json`, everything but the result goes to stderr. */
export async function realDeps(json = false): Promise<DeployDeps> {
  // On Node 20 every SDK client prints a 7-line notice that SDK releases after January 2027
  // need Node 22. The workspace pins exact SDK versions, so it is not actionable here; the
  // SDK's own switch turns it off unless the user set it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const configuredRegion = await configuredRegionOtherThanEdge();
  const reporter = json
    ? reporterFor(process.stderr, (line) => console.error(line))
    : reporterFor(process.stdout, (line) => console.log(line));
  return {
    clients: createAwsClients(),
    build: buildWithBuilder,
    confirm: (question) =>
      confirmOnTerminal(question, process.stdin, json ? process.stderr : process.stdout),
    interactive: process.stdin.isTTY === true,
    log: (line) => reporter.log(line),
    step: (label, work) => reporter.step(label, work),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...(configuredRegion ? { configuredRegion } : {}),
  };
}
