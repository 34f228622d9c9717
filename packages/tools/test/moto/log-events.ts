/**
 * Log events as Lambda@Edge writes them, for the `edge logs` tests against moto: into
 * `/aws/lambda/us-east-1.<function>` in the region of the edge location that ran the function.
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';

export const GROUP = '/aws/lambda/us-east-1.shop-prod-auth';

export interface Written {
  region: string;
  stream: string;
  at: number;
  message: string;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** Writes events as Lambda@Edge would: the group in the region of the edge that ran it. */
export async function writeEvents(events: Written[]): Promise<void> {
  for (const [region, regional] of groupBy(events, (e) => e.region)) {
    const client = new CloudWatchLogsClient({ region });
    try {
      await client.send(new CreateLogGroupCommand({ logGroupName: GROUP })).catch(() => {});
      for (const [stream, inStream] of groupBy(regional, (e) => e.stream)) {
        await client
          .send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }))
          .catch(() => {});
        await client.send(
          new PutLogEventsCommand({
            logGroupName: GROUP,
            logStreamName: stream,
            logEvents: inStream
              .sort((a, b) => a.at - b.at)
              .map((e) => ({ timestamp: e.at, message: e.message })),
          }),
        );
      }
    } finally {
      client.destroy();
    }
  }
}

/** An uncaught error as the Node.js runtime logs it, its stack pointing into the bundle. */
export function errorLine(requestId: string, position: string): string {
  const stack = [
    'Error: boom at the edge',
    `    at Runtime.handler (file:///var/task/index.mjs:${position})`,
  ];
  return `2026-03-01T10:00:00.000Z\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({ errorType: 'Error', errorMessage: 'boom at the edge', stack })}\n`;
}
