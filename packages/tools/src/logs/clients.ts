/**
 * The clients `edge logs` reads with: CloudWatch Logs in each region where edge functions ran,
 * and EC2's DescribeRegions for the list of the account's regions. They share deploy's timeouts
 * and retries, and its endpoint resolution (AWS_ENDPOINT_URL reaches moto or LocalStack).
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import {
  type CallLimits,
  clientSettings,
  DEFAULT_CALL_LIMITS,
  EDGE_REGION,
  withEndpointOnError,
} from '../deploy/aws.ts';

export interface LogsClients {
  /** The client for one region, made once and reused. */
  logs(region: string): CloudWatchLogsClient;
  regions: EC2Client;
  destroy(): void;
}

export function createLogsClients(options: Partial<CallLimits> = {}): LogsClients {
  const limits = { ...DEFAULT_CALL_LIMITS, ...options };
  const byRegion = new Map<string, CloudWatchLogsClient>();
  const regions = withEndpointOnError(new EC2Client(clientSettings(EDGE_REGION, limits)));
  return {
    logs(region) {
      let client = byRegion.get(region);
      if (!client) {
        client = withEndpointOnError(new CloudWatchLogsClient(clientSettings(region, limits)));
        byRegion.set(region, client);
      }
      return client;
    },
    regions,
    destroy() {
      for (const client of byRegion.values()) client.destroy();
      regions.destroy();
    },
  };
}
