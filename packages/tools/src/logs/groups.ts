/**
 * Finding the log groups: `/aws/lambda/us-east-1.<function name>` in every region, one
 * DescribeLogGroups per region (by the stage's name prefix), read in parallel. A region that
 * cannot be read is reported and skipped; if none can, its error is the command's.
 */
import {
  type CloudWatchLogsClient,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { EDGE_REGION } from '../deploy/aws.ts';
import { awsCall } from '../deploy/aws-errors.ts';

/** Lambda@Edge names the group after the region the function was created in, everywhere. */
export const EDGE_GROUP_PREFIX = `/aws/lambda/${EDGE_REGION}.`;

export interface LogGroup {
  region: string;
  name: string;
  /** The Lambda function name (after the `us-east-1.`). */
  functionName: string;
}

export interface Discovery {
  groups: LogGroup[];
  /** Regions that could not be read, with why. */
  failed: Array<{ region: string; reason: string }>;
}

/** Runs `work` on every item with at most `limit` running at once, results in item order. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function findLogGroups(
  regions: string[],
  client: (region: string) => CloudWatchLogsClient,
  functionNames: string[],
  namePrefix: string,
): Promise<Discovery> {
  const wanted = new Set(functionNames);
  // One function: its own name narrows the listing; several: the stage's common prefix.
  const prefix = `${EDGE_GROUP_PREFIX}${functionNames.length === 1 ? functionNames[0] : namePrefix}`;
  const failed: Discovery['failed'] = [];
  const errors: unknown[] = [];
  const perRegion = await mapLimit(regions, 8, async (region) => {
    try {
      return await groupsIn(client(region), region, prefix, wanted);
    } catch (error) {
      errors.push(error);
      failed.push({ region, reason: error instanceof Error ? error.message : String(error) });
      return [];
    }
  });
  if (regions.length > 0 && failed.length === regions.length) throw errors[0];
  return { groups: perRegion.flat(), failed };
}

async function groupsIn(
  client: CloudWatchLogsClient,
  region: string,
  prefix: string,
  wanted: Set<string>,
): Promise<LogGroup[]> {
  const groups: LogGroup[] = [];
  let nextToken: string | undefined;
  do {
    const page = await awsCall(`logs:DescribeLogGroups (${region})`, () =>
      client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken })),
    );
    for (const group of page.logGroups ?? []) {
      const name = group.logGroupName ?? '';
      const functionName = name.slice(EDGE_GROUP_PREFIX.length);
      if (wanted.has(functionName)) groups.push({ region, name, functionName });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return groups;
}

/** What to say when no region has a group: the function has not run at an edge yet. */
export function noGroupsMessage(functionNames: string[], regions: number): string {
  const names =
    functionNames.length === 1
      ? `${EDGE_GROUP_PREFIX}${functionNames[0]}`
      : `${EDGE_GROUP_PREFIX}{${functionNames.join(',')}}`;
  return `No log group ${names} in any of the ${regions} regions read. A Lambda@Edge function logs in the region of each edge location that ran it, once it has run there: deploy, send a request through the distribution, and look again.`;
}
