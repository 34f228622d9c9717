/**
 * The regions to read: the account's enabled regions, as EC2 DescribeRegions lists them (it is
 * answered by AWS, moto and LocalStack alike, unlike account:ListRegions), or the ones named
 * with --region. A Lambda@Edge function logs in the region of each edge location that ran it
 * (docs/cloudfront-rules.md#function-logs, "Where function logs go").
 */
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { awsCall } from '../deploy/aws-errors.ts';
import { ToolsError } from '../errors.ts';

export async function enabledRegions(ec2: EC2Client): Promise<string[]> {
  const answer = await awsCall('ec2:DescribeRegions', () =>
    ec2.send(new DescribeRegionsCommand({ AllRegions: false })),
  ).catch((error: unknown) => {
    if (error instanceof ToolsError && /denied/i.test(error.message)) {
      throw new ToolsError('aws', error.message, {
        hint: 'Allow ec2:DescribeRegions for this identity, or name the regions to read with --region eu-west-1,us-east-1.',
      });
    }
    throw error;
  });
  // AWS leaves out regions the account has not opted into; emulators list them, marked.
  return (answer.Regions ?? [])
    .filter((r) => r.RegionName && r.OptInStatus !== 'not-opted-in')
    .map((r) => r.RegionName as string)
    .sort();
}

/** `--region a,b --region c` → ['a', 'b', 'c'], each checked for the shape of a region name. */
export function requestedRegions(values: string[]): string[] {
  const regions = [...new Set(values.flatMap((v) => v.split(',')).map((r) => r.trim()))].filter(
    Boolean,
  );
  const bad = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r));
  if (bad) {
    throw new ToolsError('usage', `edge logs: "${bad}" is not a region name.`, {
      hint: 'Name regions as AWS does, e.g. --region eu-west-1,ap-southeast-2.',
    });
  }
  return regions;
}
