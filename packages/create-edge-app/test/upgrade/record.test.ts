import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.ts';
import { sha256 } from '../../src/hash.ts';
import {
  checkRecord,
  compareVersions,
  parseVersion,
  refuseNewerGenerator,
} from '../../src/upgrade/record.ts';

const valid = () => ({
  generator: { name: 'create-edge-app', version: '0.1.0' },
  answers: {
    projectName: 'shop',
    functions: [
      { trigger: 'viewer-request', name: 'viewer-request', starter: 'blank', language: 'ts' },
    ],
    install: true,
    git: true,
  },
  files: { 'package.json': sha256('{}') },
});

function problem(edit: (record: ReturnType<typeof valid>) => unknown): string {
  try {
    checkRecord(edit(valid()), '/p/.edge-app.json');
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).hint).toContain('git checkout -- .edge-app.json');
    return (error as Error).message;
  }
  throw new Error('expected the record to be refused');
}

describe('checkRecord', () => {
  it('accepts what create writes', () => {
    expect(checkRecord(valid(), 'x').answers.projectName).toBe('shop');
  });

  it('names the field that is wrong', () => {
    expect(problem(() => [])).toContain('not a JSON object');
    expect(problem((r) => ({ ...r, generator: { name: 'other', version: '1.0.0' } }))).toContain(
      '"generator.name"',
    );
    expect(problem((r) => ({ ...r, generator: { ...r.generator, version: 'latest' } }))).toContain(
      '"generator.version"',
    );
    expect(
      problem((r) => ({ ...r, answers: { ...r.answers, functions: [{ trigger: 'edge' }] } })),
    ).toContain('"answers.functions"');
    expect(problem((r) => ({ ...r, files: undefined }))).toContain('"files" is missing');
    expect(problem((r) => ({ ...r, files: { 'a.ts': 'abc' } }))).toContain(
      '"a.ts" is not a sha256',
    );
    expect(problem((r) => ({ ...r, files: { '../outside': sha256('') } }))).toContain(
      'not a path inside the project',
    );
  });
});

describe('versions', () => {
  it('parses major.minor.patch with prerelease and build', () => {
    expect(parseVersion('1.2.3')).toEqual([1, 2, 3, '']);
    expect(parseVersion('1.2.3-beta.1+sha')).toEqual([1, 2, 3, 'beta.1']);
    expect(parseVersion('1.2')).toBeUndefined();
  });

  it('orders numerically, a prerelease before its release', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0', '1.0.0+build')).toBe(0);
    expect(compareVersions('1.0.0-alpha', '1.0.0-beta')).toBeLessThan(0);
  });

  it('refuses a record from a newer generator only', () => {
    const record = checkRecord(valid(), 'x');
    expect(() => refuseNewerGenerator(record, '0.1.0')).not.toThrow();
    expect(() => refuseNewerGenerator(record, '0.2.0')).not.toThrow();
    expect(() => refuseNewerGenerator(record, '0.0.9')).toThrow(/newer than this CLI \(0\.0\.9\)/);
  });
});
