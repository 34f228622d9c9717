import { describe, expect, it } from 'vitest';
import { parseUpgradeArgs } from '../../src/upgrade/args.ts';

describe('parseUpgradeArgs', () => {
  it('reads the directory and every flag', () => {
    expect(parseUpgradeArgs(['my-app', '--dry-run', '--allow-dirty', '-y'])).toEqual({
      dir: 'my-app',
      dryRun: true,
      check: false,
      allowDirty: true,
      yes: true,
      help: false,
    });
    expect(parseUpgradeArgs([]).dir).toBeUndefined();
  });

  it('refuses unknown options, two directories, and --dry-run with --check', () => {
    expect(() => parseUpgradeArgs(['--force'])).toThrow('Unknown option "--force".');
    expect(() => parseUpgradeArgs(['a', 'b'])).toThrow(
      'upgrade takes one project directory, got 2',
    );
    expect(() => parseUpgradeArgs(['--dry-run', '--check'])).toThrow('do not go together');
  });
});
