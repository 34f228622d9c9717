/** `edge logs [function] [--since 1h] [--follow] [--filter p] [--region r] [--json] [--stage s]` */
import { parseCommandLine } from '../build/command-flags.ts';
import { pickStage } from '../deploy/cli-support.ts';
import { ToolsError } from '../errors.ts';
import { createLogsClients } from '../logs/clients.ts';
import { logs } from '../logs/index.ts';
import { requestedRegions } from '../logs/regions.ts';
import { loadProject } from '../project.ts';
import type { CommandContext } from './context.ts';

const USAGE = `Usage: edge logs [function] [--since <time>] [--follow] [--filter <pattern>]
                 [--region <region>] [--json] [--stage <name>]

Prints the CloudWatch logs of the stage's Lambda@Edge functions from every region where they
ran (each edge location logs in its own region, under /aws/lambda/us-east-1.<function name>),
merged in time order: time, region, request id, message. Stack traces of the bundle are mapped
back to the source.

  function             a function's package name (default: every function)
  --since <time>       how far back: 30s, 15m, 1h (default), 2d, or an ISO time
  --follow, -f         keep printing new events until Ctrl-C
  --filter <pattern>   a CloudWatch Logs filter pattern, e.g. ERROR or '"status 502"'
  --region <region>    read only these regions (repeat, or separate with commas)
  --json               one JSON object per event and line (message, region, timestamp, ...)
  --stage <name>       stage in edge.config.ts (default: the only one)`;

const UNITS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `15m` → 900000; an ISO time → the time since then. */
export function parseSince(value: string, now: number): number {
  const relative = /^(\d+)\s*([smhdw])$/.exec(value.trim());
  if (relative) return Number(relative[1]) * (UNITS[relative[2] as string] ?? 0);
  const absolute = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && Number.isFinite(absolute) && absolute <= now) {
    return now - absolute;
  }
  throw new ToolsError('usage', `edge logs: --since ${JSON.stringify(value)} is not a time.`, {
    hint: 'Give a duration (30s, 15m, 1h, 2d, 1w) or a past ISO time (2026-03-01T10:00:00Z).',
  });
}

export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandLine('logs', ctx.args, {
    since: { type: 'string' },
    follow: { type: 'boolean', short: 'f' },
    filter: { type: 'string' },
    region: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    stage: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    throw new ToolsError(
      'usage',
      `edge logs: one function at a time, not ${positionals.join(' ')}.`,
      {
        hint: 'Name one function, or none for all of them.',
      },
    );
  }
  const now = Date.now();
  const sinceMs = parseSince(values.since ?? '1h', now);
  const regions = values.region ? requestedRegions(values.region) : undefined;
  const project = await loadProject(ctx.root);
  const stage = pickStage(project.config, values.stage);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const clients = createLogsClients();
  const stop = new AbortController();
  // Ctrl-C ends --follow; it is how following is meant to end, not an error.
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  try {
    await logs(
      project,
      {
        stage,
        ...(positionals[0] ? { function: positionals[0] } : {}),
        sinceMs,
        follow: values.follow === true,
        ...(values.filter ? { filterPattern: values.filter } : {}),
        ...(regions ? { regions } : {}),
        json: values.json === true,
      },
      {
        clients,
        now: () => Date.now(),
        sleep: (ms, signal) =>
          new Promise((resolve) => {
            const done = () => {
              clearTimeout(timer);
              signal.removeEventListener('abort', done);
              resolve();
            };
            const timer = setTimeout(done, ms);
            signal.addEventListener('abort', done);
          }),
        out: (text) => console.log(text),
        note: (text) => console.error(text),
        signal: stop.signal,
      },
    );
  } finally {
    process.off('SIGINT', onSigint);
    clients.destroy();
  }
  return 0;
}
