/**
 * `edge deploy` / `edge destroy` given a config or flags they cannot act on: each prints what is
 * wrong and how to fix it, exits 1, and never reaches AWS (the endpoint below answers nothing).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { captureConsole } from '../dev/fixture.ts';

let root: string;
let output: string[];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'edge-deploy-mistakes-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'shop', private: true }));
  // Port 9 (discard) on loopback: a call that slipped through would fail, never leave the host.
  vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAUSERERRORSTEST01');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'not-a-real-secret');
  vi.stubEnv('AWS_CONFIG_FILE', join(root, 'no-aws-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(root, 'no-aws-credentials'));
  output = captureConsole();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

function config(source: string): void {
  writeFileSync(join(root, 'edge.config.ts'), `export default ${source};\n`);
}

const twoStages = `{
  origins: { default: { dir: 'public' } },
  defaultBehavior: { functions: {} },
  stages: { staging: { distributionId: 'E1STAGING' }, prod: { distributionId: 'E2PROD' } },
}`;

describe('edge deploy and destroy: mistakes', () => {
  it.each(['deploy', 'destroy'])(
    'edge %s with two stages and no --stage names both',
    async (cmd) => {
      config(twoStages);
      expect(await main([cmd, '--yes'], root)).toBe(1);
      expect(output.join('\n')).toContain('✖ Which stage?');
      expect(output.join('\n')).toContain('Pass --stage with one of: staging, prod.');
    },
  );

  it.each(['deploy', 'destroy'])(
    'edge %s --stage with a stage that is not defined lists the defined ones',
    async (cmd) => {
      config(twoStages);
      expect(await main([cmd, '--stage', 'production', '--yes'], root)).toBe(1);
      expect(output.join('\n')).toContain('✖ edge.config.ts has no stage "production".');
      expect(output.join('\n')).toContain('staging, prod');
    },
  );

  it('a config without stages says how to add one', async () => {
    config(`{ origins: { default: { dir: 'public' } }, defaultBehavior: { functions: {} } }`);
    expect(await main(['deploy', '--dry-run'], root)).toBe(1);
    expect(output.join('\n')).toContain('✖ edge.config.ts defines no stages.');
    expect(output.join('\n')).toContain('stages: { prod:');
  });

  it('a config without defaultBehavior is named, not a TypeError', async () => {
    config(`{ origins: {}, stages: { prod: { distributionId: 'E2PROD' } } }`);
    expect(await main(['deploy', '--dry-run'], root)).toBe(1);
    // Refused when edge.config.ts loads, before deploy looks at AWS.
    expect(output.join('\n')).toContain('defaultBehavior is missing');
  });

  it('edge destroy: an unknown flag lists the valid ones, without --rollback', async () => {
    expect(await main(['destroy', '--rollback'], root)).toBe(1);
    expect(output.join('\n')).toContain("✖ edge destroy: Unknown option '--rollback'");
    expect(output.join('\n')).toContain(
      'Valid options: --stage, --dry-run, --yes, --wait, --json, --help.',
    );
  });

  it('--stage without a value says so', async () => {
    expect(await main(['deploy', '--stage'], root)).toBe(1);
    expect(output.join('\n')).toContain("✖ edge deploy: Option '--stage <value>' argument missing");
  });

  it('edge destroy --help prints its options and loads nothing', async () => {
    expect(await main(['destroy', '--help'], root)).toBe(0);
    expect(output.join('\n')).toContain('Usage: edge destroy [--stage <name>]');
    expect(output.join('\n')).toContain('--dry-run');
  });
});
