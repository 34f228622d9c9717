/**
 * Reading the events of the log groups found: FilterLogEvents on each group (in parallel,
 * every page), merged into one time order across regions, each event keeping where it came
 * from. `--follow` reads again from a little before the newest event seen, since CloudWatch
 * can accept an event late, and drops the ones already printed.
 */
import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { awsCall } from '../deploy/aws-errors.ts';
import { type LogGroup, mapLimit } from './groups.ts';

export interface LogEvent {
  timestamp: number;
  region: string;
  logGroup: string;
  logStream: string;
  functionName: string;
  eventId: string;
  message: string;
}

export interface EventQuery {
  startTime: number;
  endTime?: number;
  filterPattern?: string;
}

export async function readEvents(
  groups: LogGroup[],
  client: (region: string) => CloudWatchLogsClient,
  query: EventQuery,
): Promise<LogEvent[]> {
  const perGroup = await mapLimit(groups, 8, (group) =>
    eventsOf(client(group.region), group, query),
  );
  return mergeByTime(perGroup.flat());
}

async function eventsOf(
  client: CloudWatchLogsClient,
  group: LogGroup,
  query: EventQuery,
): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await awsCall(`logs:FilterLogEvents (${group.region})`, () =>
      client.send(
        new FilterLogEventsCommand({
          logGroupName: group.name,
          startTime: query.startTime,
          ...(query.endTime !== undefined ? { endTime: query.endTime } : {}),
          ...(query.filterPattern ? { filterPattern: query.filterPattern } : {}),
          nextToken,
        }),
      ),
    );
    for (const event of page.events ?? []) {
      events.push({
        timestamp: event.timestamp ?? 0,
        region: group.region,
        logGroup: group.name,
        logStream: event.logStreamName ?? '',
        functionName: group.functionName,
        eventId: event.eventId ?? '',
        message: event.message ?? '',
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** One time order; events of the same millisecond stay in the order their stream wrote them. */
export function mergeByTime(events: LogEvent[]): LogEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        a.event.timestamp - b.event.timestamp ||
        a.event.region.localeCompare(b.event.region) ||
        a.index - b.index,
    )
    .map(({ event }) => event);
}

/** How far back each --follow poll reads again, for events CloudWatch accepted late. */
export const FOLLOW_OVERLAP_MS = 30_000;

/** The events a --follow poll has not printed yet; remembers them, forgets old ones. */
export class SeenEvents {
  private readonly seen = new Map<string, number>();
  newest = 0;

  fresh(events: LogEvent[]): LogEvent[] {
    const fresh = events.filter((event) => {
      const key = `${event.region}\n${event.logGroup}\n${event.logStream}\n${event.eventId}`;
      if (this.seen.has(key)) return false;
      this.seen.set(key, event.timestamp);
      this.newest = Math.max(this.newest, event.timestamp);
      return true;
    });
    const cutoff = this.newest - 2 * FOLLOW_OVERLAP_MS;
    for (const [key, timestamp] of this.seen) if (timestamp < cutoff) this.seen.delete(key);
    return fresh;
  }
}
