/** `edge invoke <function> [--event file.json | --uri /path --method GET --header k:v ...] [--json]` */
import type { EventType } from '@edge-app/events';
import { RuntimeSetupError, resolveLimits } from '@edge-app/runtime';
import { parseCommandLine } from '../build/command-flags.ts';
import { createFunctionBuilder } from '../build/index.ts';
import type { BuiltFunction } from '../build/types.ts';
import { createFunctionFor } from '../dev/generation.ts';
import { assertPythonAvailable } from '../dev/python-check.ts';
import { ToolsError } from '../errors.ts';
import { type EventFlags, eventFor, placementOf } from '../invoke/event-input.ts';
import { formatReport, invokeReport } from '../invoke/report.ts';
import { loadProject, type Project } from '../project.ts';
import type { CommandContext } from './context.ts';

const USAGE = `Usage: edge invoke <function> [--event <file.json>] [--json]
       edge invoke <function> [--uri /path?query] [--method GET] [--header 'name: value' ...]
                              [--body <text>] [--status <n>] [--response-header 'name: value' ...]

Runs one function once, as \`pnpm dev\` would (the same build, a container with the same
limits, CloudFront's validation of the result), and prints what CloudFront would do next: go on
with the request, answer with a response, or fail with its status, the rule and the fix. Then
the function's console output, duration, init duration and memory. Exits 1 when CloudFront
would fail the request.

  function                   the function's package name (a directory under packages/)
  --event <file>             the event, as JSON (CloudFront's, SAM CLI's or the Lambda console's)
Without --event, the event for the function's trigger is built from:
  --uri <path>               path and query string (default /)
  --method <method>          default GET
  --header <name: value>     a request header; repeat for more
  --body <text>              request events: the body, exposed as IncludeBody exposes it
  --status <n>               response events: the response's status (default 200)
  --response-header <n: v>   response events: a response header; repeat for more
  --json                     print the report as one JSON object (through pnpm: \`pnpm -s exec edge invoke ...\`)
  --help                     show this help`;

export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandLine('invoke', ctx.args, {
    event: { type: 'string' },
    uri: { type: 'string' },
    method: { type: 'string' },
    header: { type: 'string', multiple: true },
    body: { type: 'string' },
    status: { type: 'string' },
    'response-header': { type: 'string', multiple: true },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    return await invokeOnce(ctx, positionals, values);
  } catch (error) {
    // A script reading --json gets JSON for bad input too; the message and fix go to stderr.
    if (values.json && error instanceof ToolsError) {
      console.log(
        JSON.stringify({ ok: false, error: { message: error.message, fix: error.hint } }),
      );
    }
    throw error;
  }
}

async function invokeOnce(
  ctx: CommandContext,
  positionals: string[],
  values: {
    event?: string;
    uri?: string;
    method?: string;
    header?: string[];
    body?: string;
    status?: string;
    'response-header'?: string[];
    json?: boolean;
  },
): Promise<number> {
  const project = await loadProject(ctx.root);
  const pkg = functionNamed(project, positionals);
  const flags: EventFlags = {
    file: values.event,
    uri: values.uri,
    method: values.method,
    headers: values.header,
    body: values.body,
    status: values.status,
    responseHeaders: values['response-header'],
  };
  const event = eventFor(pkg.eventType, flags, project.config, pkg.name, process.cwd());
  const built = await buildOne(project, pkg.name);
  const path = event.Records[0].cf.request.uri;
  const placement = placementOf(project.config, pkg.name, path);
  // Notices (a runtime's Node.js missing) go to stderr, so that --json stays one object.
  const fn = createFunctionFor(project, built, (line) => console.error(line), {
    ...(placement && isRequestEvent(pkg.eventType)
      ? { includeBody: placement.association.includeBody === true }
      : {}),
  });
  let outcome: Awaited<ReturnType<typeof fn.invoke>>;
  try {
    outcome = await fn.invoke(event);
  } catch (error) {
    if (!(error instanceof RuntimeSetupError)) throw error;
    throw new ToolsError('usage', `edge invoke: ${error.message}`, { hint: error.hint });
  } finally {
    await fn.dispose();
  }
  const report = invokeReport(
    { function: pkg.name, eventType: pkg.eventType, memoryMB: memorySize(project, pkg), event },
    outcome,
  );
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return outcome.kind === 'error' ? 1 : 0;
}

function functionNamed(project: Project, positionals: string[]) {
  const names = project.functions.map((fn) => fn.name);
  const available =
    names.length > 0
      ? `Functions here: ${names.join(', ')}.`
      : 'This workspace has no functions yet: `pnpm gen trigger` adds one.';
  if (positionals.length !== 1) {
    throw new ToolsError(
      'usage',
      positionals.length === 0
        ? 'edge invoke: which function? Name one.'
        : `edge invoke: one function at a time, not ${positionals.join(' ')}.`,
      { hint: `${available} \`edge invoke --help\` shows the options.` },
    );
  }
  const [name] = positionals as [string];
  const pkg = project.functions.find((fn) => fn.name === name);
  if (!pkg)
    throw new ToolsError('usage', `edge invoke: there is no function "${name}".`, {
      hint: available,
    });
  return pkg;
}

/** The function bundled as `pnpm dev` bundles it (same builder, same stage). */
async function buildOne(project: Project, name: string): Promise<BuiltFunction> {
  const builder = await createFunctionBuilder({ project, zip: false });
  try {
    const built = await builder.rebuild(name);
    assertPythonAvailable([built]);
    for (const warning of built.warnings) console.error(`⚠ ${name}: ${warning}`);
    return built;
  } finally {
    await builder.dispose();
  }
}

function memorySize(project: Project, pkg: { name: string; eventType: EventType }): number {
  const { config } = project;
  return (
    config.functions?.[pkg.name]?.memoryMB ??
    resolveLimits(pkg.eventType, config.profile, config.limits).memoryMB
  );
}

function isRequestEvent(eventType: EventType): boolean {
  return eventType === 'viewer-request' || eventType === 'origin-request';
}
