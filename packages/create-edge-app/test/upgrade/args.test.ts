import { describe, expect, it } from 'vitest';
import { parseUpgradeArgs } from '../../src/upgrade/args.ts';

describe('parseUpgradeArgs', () => {
  it('reads the directory and every flag', () => {
    expect(parseUpgradeArgs(['my-app', '--dry-run', '--allow-dirty', '-y', '--json'])).toEqual({
      dir: 'my-app',
      dryRun: true,
      check: false,
      json: true,
      allowDirty: true,
      yes: true,
      install: true,
      conflict: 'inline',
      help: false,
    });
    const defaults = parseUpgradeArgs([]);
    expect(defaults.dir).toBeUndefined();
    expect(defaults).toMatchObject({ install: true, conflict: 'inline', json: false });
    expect(parseUpgradeArgs(['--no-install', '--conflict', 'rej'])).toMatchObject({
      install: false,
      conflict: 'rej',
    });
    expect(parseUpgradeArgs(['--no-install', '--install']).install).toBe(true);
  });

  it('refuses unknown options, two directories, and --dry-run with --check', () => {
    expect(() => parseUpgradeArgs(['--force'])).toThrow('Unknown option "--force".');
    expect(() => parseUpgradeArgs(['a', 'b'])).toThrow(
      'upgrade takes one project directory, got 2',
    );
    expect(() => parseUpgradeArgs(['--dry-run', '--check'])).toThrow('do not go together');
    expect(() => parseUpgradeArgs(['--conflict', 'ours'])).toThrow(
      '--conflict "ours" is not a style.',
    );
    expect(() => parseUpgradeArgs(['--json'])).toThrow('--json goes with --dry-run or --check.');
  });
});
