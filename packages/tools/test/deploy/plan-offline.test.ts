/**
 * `edge deploy --dry-run` without AWS: no credentials, no distribution id, or an endpoint that
 * refuses connections. The build, the size check and the limits still run, the plan shows what
 * would be published and associated, and what could not be read is marked. And `--json`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { captureConsole } from '../dev/fixture.ts';
import { distributionXml } from './fake-aws/distribution-fixture.ts';
import { FAKE_ACCESS_KEY, FAKE_SECRET_KEY, startFakeAws } from './fake-aws/server.ts';
import { addDistribution, DISTRIBUTION_ID } from './fake-aws/state.ts';
import { writeWorkspace } from './workspace.ts';

let root: string;
let output: string[];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'edge-deploy-offline-'));
  vi.stubEnv('AWS_ACCESS_KEY_ID', '');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_CONFIG_FILE', join(root, 'no-aws-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(root, 'no-aws-credentials'));
  // No instance metadata to ask either: this machine is a laptop without credentials.
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', '');
  vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', '');
  // Port 9 (discard) on loopback: anything that still tried to reach AWS is refused at once.
  vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  output = captureConsole();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

describe('edge deploy --dry-run without AWS', () => {
  it('without credentials or a distribution id, builds and prints the plan, marking what it could not read', async () => {
    writeWorkspace(root, undefined);
    expect(await main(['deploy', '--dry-run'], root)).toBe(0);
    const text = output.join('\n');
    expect(text).toContain('Deploying stage "prod" to distribution (not set)');
    expect(text).toMatch(/Role: shop-prod-edge-role, not read \(No AWS credentials found/);
    expect(text).toMatch(/shop-prod-auth \(viewer-request, nodejs22.x\): not read/);
    expect(text).toMatch(/memory 128 MB, timeout 5 s, x86_64, code \d+\.\d KB zipped/);
    expect(text).toMatch(
      /\? \(default\) viewer-request\s+\(not read\) → shop-prod-auth:\(next version\)/,
    );
    expect(text).toContain('Dry run: nothing was changed.');
    expect(text).toContain(
      '? distribution: stages.prod.distributionId is not set in edge.config.ts',
    );
    expect(text).toMatch(/\? account: No AWS credentials found/);
  }, 60_000);

  it('with an endpoint that refuses connections, says which and still plans', async () => {
    writeWorkspace(root, DISTRIBUTION_ID);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAOFFLINETEST00001');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'not-a-secret');
    expect(await main(['deploy', '--dry-run'], root)).toBe(0);
    const text = output.join('\n');
    expect(text).toMatch(
      /\? account: No answer to sts:GetCallerIdentity: could not connect to 127\.0\.0\.1:9/,
    );
    expect(text).toMatch(/\? distribution E2FAKEDIST0001: No answer to sts:GetCallerIdentity/);
  }, 60_000);

  it('a real deploy without a distribution id still refuses before AWS', async () => {
    writeWorkspace(root, undefined);
    expect(await main(['deploy', '--yes'], root)).toBe(1);
    expect(output.join('\n')).toMatch(/stages.prod.distributionId is not set/);
  }, 60_000);

  it('--json prints the offline plan as the only thing on stdout', async () => {
    writeWorkspace(root, undefined);
    const stdout: string[] = [];
    vi.mocked(console.log).mockImplementation((line: unknown) => void stdout.push(String(line)));
    expect(await main(['deploy', '--dry-run', '--json'], root)).toBe(0);
    expect(stdout).toHaveLength(1);
    const report = JSON.parse(stdout[0]!);
    expect(report).toMatchObject({
      ok: true,
      command: 'deploy',
      stage: 'prod',
      distributionId: null,
      dryRun: true,
      upToDate: false,
      changed: false,
      plan: {
        account: null,
        role: { name: 'shop-prod-edge-role', arn: null, action: 'unknown' },
        associations: {
          current: null,
          proposed: [
            {
              behavior: '(default)',
              eventType: 'viewer-request',
              arn: 'function:shop-prod-auth:(next version)',
              includeBody: false,
            },
          ],
        },
      },
    });
    expect(report.plan.functions).toEqual([
      expect.objectContaining({ name: 'auth', functionName: 'shop-prod-auth', action: 'unknown' }),
    ]);
    expect(report.plan.unread.map((u: { what: string }) => u.what)).toEqual([
      'account',
      'role shop-prod-edge-role',
      'distribution',
      'function shop-prod-auth',
    ]);
  }, 60_000);
});

describe('edge deploy --json against an endpoint', () => {
  it('prints the plan and the result; on failure, the error as JSON', async () => {
    const fake = await startFakeAws();
    try {
      addDistribution(fake.state, DISTRIBUTION_ID, distributionXml());
      vi.stubEnv('AWS_ENDPOINT_URL', fake.url);
      vi.stubEnv('AWS_ACCESS_KEY_ID', FAKE_ACCESS_KEY);
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', FAKE_SECRET_KEY);
      writeWorkspace(root, DISTRIBUTION_ID);
      const stdout: string[] = [];
      vi.mocked(console.log).mockImplementation((line: unknown) => void stdout.push(String(line)));

      expect(await main(['deploy', '--yes', '--json', '--invalidate', '/*', '/a'], root)).toBe(0);
      expect(stdout).toHaveLength(1);
      const report = JSON.parse(stdout[0]!);
      expect(report).toMatchObject({
        ok: true,
        changed: true,
        versions: { auth: 'arn:aws:lambda:us-east-1:123456789012:function:shop-prod-auth:1' },
        plan: { account: '123456789012', role: { action: 'create' } },
        invalidation: { status: 'InProgress', paths: ['/*', '/a'] },
      });
      expect(report.plan.functions[0]).toMatchObject({ action: 'create' });
      // The plan and progress went to stderr.
      expect(output.join('\n')).toContain('Role: create shop-prod-edge-role');

      stdout.length = 0;
      fake.fail('cloudfront:GetDistributionConfig', { status: 403, code: 'AccessDenied' });
      expect(await main(['deploy', '--yes', '--json'], root)).toBe(1);
      expect(JSON.parse(stdout[0]!)).toMatchObject({
        ok: false,
        error: { code: 'aws', message: expect.stringMatching(/AWS denied/) },
      });
    } finally {
      await fake.close();
    }
  }, 60_000);
});

describe('edge deploy arguments', () => {
  it('a bare argument without --invalidate is refused', async () => {
    expect(await main(['deploy', 'prod'], root)).toBe(1);
    expect(output.join('\n')).toContain('✖ edge deploy: unexpected argument "prod".');
  });

  it('--invalidate checks its paths before building', async () => {
    writeWorkspace(root, DISTRIBUTION_ID);
    expect(await main(['deploy', '--invalidate', 'index.html'], root)).toBe(1);
    expect(output.join('\n')).toContain('"index.html" does not start with "/"');
  });

  it('--invalidate does not go with --rollback', async () => {
    writeWorkspace(root, DISTRIBUTION_ID);
    expect(await main(['deploy', '--rollback', '--invalidate', '/*'], root)).toBe(1);
    expect(output.join('\n')).toContain('--invalidate does not go with --rollback');
  });
});
