/**
 * `edge logs`: the CloudWatch logs of a stage's Lambda@Edge functions from every region where
 * they ran, in one time order. Each function writes `/aws/lambda/us-east-1.<function name>` in
 * the region of the edge location that ran it, so the groups are found region by region, their
 * events merged, and stack traces mapped back to the source.
 */
import { functionNamePrefixOf } from '../deploy/target.ts';
import { ToolsError } from '../errors.ts';
import type { Project } from '../project.ts';
import type { LogsClients } from './clients.ts';
import { FOLLOW_OVERLAP_MS, type LogEvent, readEvents, SeenEvents } from './events.ts';
import { formatJson, formatLine, type PrintedEvent, requestIdOf } from './format.ts';
import { findLogGroups, type LogGroup, noGroupsMessage } from './groups.ts';
import { enabledRegions } from './regions.ts';
import { StackMapper } from './stack-frames.ts';

export interface LogsOptions {
  stage: string;
  /** A function's package name; all of the project's when undefined. */
  function?: string;
  /** How far back to start. */
  sinceMs: number;
  follow: boolean;
  filterPattern?: string;
  /** Regions to read instead of the account's enabled ones. */
  regions?: string[];
  json: boolean;
}

export interface LogsDeps {
  clients: LogsClients;
  now(): number;
  /** Waits `ms`, or less when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** An event (stdout). */
  out(text: string): void;
  /** Everything else (stderr). */
  note(text: string): void;
  /** Ends --follow (Ctrl-C). */
  signal: AbortSignal;
  followIntervalMs?: number;
  /** How often --follow looks for log groups in new regions. */
  rediscoverMs?: number;
}

export interface LogsResult {
  events: number;
  groups: LogGroup[];
}

export async function logs(
  project: Project,
  options: LogsOptions,
  deps: LogsDeps,
): Promise<LogsResult> {
  const prefix = functionNamePrefixOf(project, options.stage);
  const packages = selectPackages(project, options.function);
  const byFunctionName = new Map(packages.map((name) => [`${prefix}${name}`, name]));
  const functionNames = [...byFunctionName.keys()];
  const mapper = new StackMapper(project.root, (fn) => byFunctionName.get(fn));
  const print = (event: LogEvent) => {
    const printed: PrintedEvent = {
      ...event,
      function: byFunctionName.get(event.functionName) ?? event.functionName,
      requestId: requestIdOf(event.message),
      frames: mapper.frames(event.message, event.functionName, event.logStream),
    };
    deps.out(options.json ? formatJson(printed) : formatLine(printed, packages.length > 1));
  };

  const regions = options.regions ?? (await enabledRegions(deps.clients.regions));
  const discover = async () => {
    const found = await findLogGroups(regions, deps.clients.logs, functionNames, prefix);
    for (const { region, reason } of found.failed) deps.note(`! ${region} not read: ${reason}`);
    return found.groups;
  };
  let groups = await discover();
  const startTime = deps.now() - options.sinceMs;
  const query = {
    startTime,
    ...(options.filterPattern ? { filterPattern: options.filterPattern } : {}),
  };
  const events = groups.length > 0 ? await readEvents(groups, deps.clients.logs, query) : [];
  for (const event of events) print(event);

  if (!options.follow) {
    if (groups.length === 0) deps.note(noGroupsMessage(functionNames, regions.length));
    else if (events.length === 0) {
      deps.note(
        `No log events since ${new Date(startTime).toISOString()}${options.filterPattern ? ` matching ${JSON.stringify(options.filterPattern)}` : ''} in ${describeGroups(groups)}.`,
      );
    }
    return { events: events.length, groups };
  }

  deps.note(
    `Following ${groups.length > 0 ? describeGroups(groups) : 'the functions'} (Ctrl-C to stop)…`,
  );
  const seen = new SeenEvents();
  seen.fresh(events);
  seen.newest = Math.max(seen.newest, startTime);
  let printed = events.length;
  let lastDiscovery = deps.now();
  let lastError = '';
  while (!deps.signal.aborted) {
    await deps.sleep(deps.followIntervalMs ?? 2_000, deps.signal);
    if (deps.signal.aborted) break;
    try {
      if (deps.now() - lastDiscovery >= (deps.rediscoverMs ?? 30_000)) {
        lastDiscovery = deps.now();
        groups = await discover();
      }
      const next = await readEvents(groups, deps.clients.logs, {
        ...query,
        startTime: Math.max(startTime, seen.newest - FOLLOW_OVERLAP_MS),
      });
      for (const event of seen.fresh(next)) {
        print(event);
        printed++;
      }
      lastError = '';
    } catch (error) {
      // A failed poll does not end --follow; the same failure is said once.
      if (!(error instanceof ToolsError)) throw error;
      if (error.message !== lastError) deps.note(`! ${error.message}`);
      lastError = error.message;
    }
  }
  return { events: printed, groups };
}

function selectPackages(project: Project, requested: string | undefined): string[] {
  const names = project.functions.map((f) => f.name);
  if (requested === undefined) {
    if (names.length === 0) {
      throw new ToolsError('usage', 'edge logs: the workspace has no function packages.', {
        hint: 'Add one with `pnpm gen trigger`.',
      });
    }
    return names;
  }
  if (!names.includes(requested)) {
    throw new ToolsError('usage', `edge logs: no function package "${requested}".`, {
      hint: names.length
        ? `Name one of: ${names.join(', ')} (the package names under packages/).`
        : 'Add one with `pnpm gen trigger`.',
    });
  }
  return [requested];
}

function describeGroups(groups: LogGroup[]): string {
  const regions = [...new Set(groups.map((g) => g.region))].sort();
  return `${groups.length} log group${groups.length === 1 ? '' : 's'} (${regions.join(', ')})`;
}
