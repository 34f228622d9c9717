import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args.ts';
import { CliError } from '../src/errors.ts';

function parseError(argv: string[]): CliError {
  try {
    parseArgs(argv);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error(`parseArgs(${JSON.stringify(argv)}) did not throw`);
}

describe('parseArgs', () => {
  it('gives defaults that leave every question open', () => {
    expect(parseArgs([])).toEqual({
      starters: {},
      langPerTrigger: false,
      yes: false,
      force: false,
      help: false,
      version: false,
    });
  });

  it('reads the directory and every boolean flag, long and short', () => {
    const flags = parseArgs(['my-app', '--yes', '--force', '--help', '--version']);
    expect(flags).toMatchObject({
      dir: 'my-app',
      yes: true,
      force: true,
      help: true,
      version: true,
    });
    expect(parseArgs(['-y', '-f', '-h', '-v'])).toMatchObject({
      yes: true,
      force: true,
      help: true,
      version: true,
    });
  });

  it('reads --install/--no-install and --git/--no-git, the last one winning', () => {
    expect(parseArgs(['--no-install', '--no-git'])).toMatchObject({ install: false, git: false });
    expect(parseArgs(['--install', '--git'])).toMatchObject({ install: true, git: true });
    expect(parseArgs(['--no-git', '--git']).git).toBe(true);
  });

  it('reads --triggers in request-flow order without duplicates, with = or a space', () => {
    expect(
      parseArgs(['--triggers', 'viewer-response,viewer-request,viewer-request']).triggers,
    ).toEqual(['viewer-request', 'viewer-response']);
    expect(parseArgs(['--triggers=origin-request']).triggers).toEqual(['origin-request']);
    expect(parseArgs(['-t', 'all']).triggers).toEqual([
      'viewer-request',
      'origin-request',
      'origin-response',
      'viewer-response',
    ]);
  });

  it('refuses a second --starter for the same trigger', () => {
    const error = parseError([
      '--starter',
      'viewer-request=blank',
      '--starter',
      'viewer-request=jwt-auth',
    ]);
    expect(error.message).toBe('--starter names viewer-request twice.');
    expect(error.code).toBe('invalid-argument');
    // Also within one comma-separated value, and with the same starter twice.
    expect(parseError(['-s', 'origin-request=blank,origin-request=blank']).message).toBe(
      '--starter names origin-request twice.',
    );
  });

  it('reads --starter with an optional language, comma-separated or repeated', () => {
    const flags = parseArgs([
      '--triggers',
      'viewer-request,origin-response',
      '--starter',
      'viewer-request=redirects:python',
      '-s',
      'origin-response=headers:ts',
    ]);
    expect(flags.starters).toEqual({
      'viewer-request': { starter: 'redirects', language: 'python' },
      'origin-response': { starter: 'headers', language: 'ts' },
    });
    const commas = parseArgs([
      '--starter',
      'viewer-request=redirects:python,origin-response=headers:ts',
    ]);
    expect(commas.starters).toEqual(flags.starters);
  });

  it('reads --lang, and --lang-per-trigger, but not both', () => {
    expect(parseArgs(['--lang', 'python']).lang).toBe('python');
    expect(parseArgs([]).langPerTrigger).toBe(false);
    expect(parseArgs(['--lang-per-trigger']).langPerTrigger).toBe(true);
    const error = parseError(['--lang', 'ts', '--lang-per-trigger']);
    expect(error.message).toBe('--lang and --lang-per-trigger contradict each other.');
    expect(error.hint).toContain('--starter <trigger>=<starter>:<language>');
  });

  it('takes everything after -- as positional', () => {
    expect(parseArgs(['--', '--odd-name']).dir).toBe('--odd-name');
  });

  it('rejects an unknown flag and lists the valid ones', () => {
    const error = parseError(['--template', 'react']);
    expect(error.message).toBe('Unknown option "--template".');
    expect(error.hint).toContain('--triggers');
    expect(error.hint).toContain('--no-install');
  });

  it('rejects an unknown trigger and lists the valid ones', () => {
    const error = parseError(['--triggers', 'viewer-request,edge-request']);
    expect(error.message).toBe('Unknown trigger: edge-request.');
    expect(error.hint).toBe(
      'Valid triggers: viewer-request, origin-request, origin-response, viewer-response (or "all").',
    );
  });

  it('rejects an empty trigger list and a missing value', () => {
    expect(parseError(['--triggers', ',']).message).toBe('--triggers is empty.');
    expect(parseError(['--triggers']).message).toBe('--triggers needs a value.');
    expect(parseError(['--starter', '--yes']).message).toBe('--starter needs a value.');
  });

  it('rejects malformed starters, unknown triggers and languages in --starter', () => {
    expect(parseError(['--starter', 'blank']).message).toContain('is not <trigger>=<starter>');
    expect(parseError(['--starter', 'edge=blank']).message).toContain('unknown trigger "edge"');
    expect(parseError(['--starter', 'viewer-request=blank:go']).message).toContain(
      'unknown language "go"',
    );
    expect(parseError(['--lang', 'go']).message).toBe('--lang "go" is not a language.');
  });

  it('rejects a starter for a trigger that is not chosen', () => {
    const error = parseError(['--triggers', 'viewer-request', '--starter', 'origin-request=blank']);
    expect(error.message).toContain('origin-request, which is not in --triggers (viewer-request)');
  });

  it('rejects a value on a boolean flag and a second directory', () => {
    expect(parseError(['--yes=no']).message).toBe('--yes takes no value.');
    expect(parseError(['a', 'b']).message).toBe('Expected one project directory, got 2: "a" "b".');
  });
});
