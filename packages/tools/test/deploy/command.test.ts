/**
 * The real `edge deploy` / `edge destroy` path: flags parsed by the command, edge.config.ts
 * loaded from disk, functions built and zipped by the real builder, clients from the default
 * credential chain with AWS_ENDPOINT_URL pointing at the fake.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { captureConsole } from '../dev/fixture.ts';
import { distributionXml } from './fake-aws/distribution-fixture.ts';
import { FAKE_ACCESS_KEY, FAKE_SECRET_KEY, type FakeAws, startFakeAws } from './fake-aws/server.ts';
import { addDistribution, DISTRIBUTION_ID } from './fake-aws/state.ts';
import { writeWorkspace } from './workspace.ts';

let fake: FakeAws;
let root: string;
let output: string[];

beforeEach(async () => {
  fake = await startFakeAws();
  addDistribution(fake.state, DISTRIBUTION_ID, distributionXml());
  vi.stubEnv('AWS_ENDPOINT_URL', fake.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', FAKE_ACCESS_KEY);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', FAKE_SECRET_KEY);
  vi.stubEnv('AWS_REGION', 'ap-southeast-2');
  vi.stubEnv('AWS_CONFIG_FILE', join(tmpdir(), 'edge-deploy-no-aws-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(tmpdir(), 'edge-deploy-no-aws-credentials'));
  root = mkdtempSync(join(tmpdir(), 'edge-deploy-cmd-'));
  output = captureConsole();
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await fake.close();
  rmSync(root, { recursive: true, force: true });
});

describe('edge deploy (command)', () => {
  it('builds with the real builder, deploys, and a second run changes nothing', async () => {
    writeWorkspace(root, DISTRIBUTION_ID);
    expect(await main(['deploy', '--yes'], root)).toBe(0);
    const auth = fake.state.functions.get('shop-prod-auth');
    expect(auth?.versions.map((v) => v.Version)).toEqual(['1']);
    expect(auth?.latest.CodeSize).toBeGreaterThan(0);
    expect(output.join('\n')).toContain('Note: your AWS configuration names ap-southeast-2');

    fake.calls.length = 0;
    expect(await main(['deploy', '--yes'], root)).toBe(0);
    expect(fake.mutations()).toEqual([]);
  }, 60_000);

  it('--dry-run after a source change plans a new version; --rollback restores the first', async () => {
    writeWorkspace(root, DISTRIBUTION_ID);
    expect(await main(['deploy', '--yes'], root)).toBe(0);
    writeFileSync(
      join(root, 'packages', 'auth', 'src', 'index.ts'),
      `export const handler = async (event: { Records: Array<{ cf: { request: { uri: string } } }> }) => {
  const request = event.Records[0]!.cf.request;
  request.uri = '/v2' + request.uri;
  return request;
};
`,
    );
    fake.calls.length = 0;
    output.length = 0;
    expect(await main(['deploy', '--dry-run'], root)).toBe(0);
    expect(fake.mutations()).toEqual([]);
    expect(output.join('\n')).toMatch(/shop-prod-auth:1 → shop-prod-auth:\(next version\)/);

    expect(await main(['deploy', '--yes'], root)).toBe(0);
    expect(fake.state.functions.get('shop-prod-auth')?.versions).toHaveLength(2);
    expect(await main(['deploy', '--rollback', '--yes'], root)).toBe(0);
    const config = fake.state.distributions.get(DISTRIBUTION_ID)!.config;
    expect(JSON.stringify(config)).toContain('function:shop-prod-auth:1');
    expect(JSON.stringify(config)).not.toContain('function:shop-prod-auth:2');
  }, 60_000);

  it('refuses a missing distributionId before any AWS call', async () => {
    writeWorkspace(root, undefined);
    expect(await main(['deploy', '--yes'], root)).toBe(1);
    expect(output.join('\n')).toMatch(/stages.prod.distributionId is not set/);
    expect(fake.calls).toEqual([]);
  }, 60_000);

  it('without a terminal and without --yes says to pass --yes', async () => {
    writeWorkspace(root, DISTRIBUTION_ID);
    const descriptor = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
    Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
    try {
      expect(await main(['deploy'], root)).toBe(1);
    } finally {
      if (descriptor) Object.defineProperty(process.stdin, 'isTTY', descriptor);
      else delete (process.stdin as { isTTY?: boolean }).isTTY;
    }
    expect(output.join('\n')).toMatch(/Pass --yes/);
    expect(fake.mutations()).toEqual([]);
  }, 60_000);

  it('an unknown flag lists the valid ones', async () => {
    expect(await main(['deploy', '--force'], root)).toBe(1);
    expect(output.join('\n')).toMatch(
      /Valid options: --stage, --dry-run, --yes, --wait, --json, --rollback, --invalidate, --help/,
    );
  });

  it('edge destroy removes the associations and prints the delete commands', async () => {
    writeWorkspace(root, DISTRIBUTION_ID);
    expect(await main(['deploy', '--yes'], root)).toBe(0);
    output.length = 0;
    expect(await main(['destroy', '--yes'], root)).toBe(0);
    expect(output.join('\n')).toContain(
      'aws lambda delete-function --region us-east-1 --function-name shop-prod-auth',
    );
  }, 60_000);
});
