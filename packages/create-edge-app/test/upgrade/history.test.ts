/**
 * The template history the CLI carries, and the merge base it rebuilds offline.
 * test/fixtures/records/<commit>.json are the records that builds of those commits wrote into
 * projects they generated (every build before 0.2.0 called itself 0.1.0): the first build, one
 * with the shared packages' sources in the project, one with starters.json, one with vendored
 * tarballs and the tests still in test/. The 0.1.0 release itself is covered end to end
 * (test/e2e/upgrade-release.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_PATH, buildArchive, hasFullHistory } from '../../scripts/template-history.mjs';
import { sha256 } from '../../src/hash.ts';
import { loadTemplate } from '../../src/template/template.ts';
import { rebuildBase } from '../../src/upgrade/base/rebuild.ts';
import { loadHistory } from '../../src/upgrade/history/archive.ts';
import type { ProjectRecord } from '../../src/upgrade/record.ts';

const RECORDS = join(import.meta.dirname, '..', 'fixtures', 'records');
const history = loadHistory(ARCHIVE_PATH);
const own = loadTemplate();

function record(commit: string): ProjectRecord {
  return JSON.parse(readFileSync(join(RECORDS, `${commit}.json`), 'utf8')) as ProjectRecord;
}

function rebuild(fixture: ProjectRecord) {
  return rebuildBase({
    recorded: new Map(Object.entries(fixture.files)),
    projectName: fixture.answers.projectName,
    functions: fixture.answers.functions,
    own,
    history,
  });
}

describe('the template history', () => {
  // A shallow clone has no history to build the archive from: the test says so and skips.
  const fullHistory = hasFullHistory();
  it.skipIf(!fullHistory)(
    fullHistory
      ? 'is what scripts/template-history.mjs builds from the git history (regenerate it when this fails)'
      : 'is what scripts/template-history.mjs builds (skipped: this checkout is a shallow clone, without the git history to build it from)',
    () => {
      const built: Buffer = buildArchive();
      expect(
        built.equals(readFileSync(ARCHIVE_PATH)),
        'template-history/archive.json.br is stale: run node packages/create-edge-app/scripts/template-history.mjs and commit it',
      ).toBe(true);
    },
    60_000,
  );

  it('holds every version of a template file, with the states it was part of', () => {
    const versions = history.versions('templates/workspace/README.md');
    if (fullHistory) {
      const committed = execFileSync(
        'git',
        ['log', '--first-parent', '--format=%H', '--', 'templates/workspace/README.md'],
        { cwd: import.meta.dirname, encoding: 'utf8' },
      )
        .split('\n')
        .filter(Boolean);
      expect(versions.length).toBeGreaterThanOrEqual(committed.length);
    }
    for (const version of versions) {
      expect(sha256(history.blob(version.sha256)!)).toBe(version.sha256);
      for (const [from, to] of version.spans) expect(from).toBeLessThan(to);
    }
    // The newest state is this build's template.
    const newest = versions.find((v) => v.spans.some(([, to]) => to === history.states));
    expect(newest).toBeDefined();
    expect(history.blob('0'.repeat(64))).toBeUndefined();
  });

  it("keeps each released CLI's packed template and the hashes of its tarballs, not their bytes", () => {
    const [release] = history.packs;
    expect(release?.version).toBe('0.1.0');
    expect(release?.tarballs['vendor/edge-app-tools-0.1.0.tgz']).toMatch(/^[0-9a-f]{64}$/);
    expect(history.blob(release!.tarballs['vendor/edge-app-tools-0.1.0.tgz']!)).toBeUndefined();
    expect(history.blob(release!.workspace['pnpm-workspace.yaml']!)?.toString()).toContain(
      "'@edge-app/tools': 'file:vendor/edge-app-tools-0.1.0.tgz'",
    );
  });
});

describe('rebuildBase', () => {
  it.each([
    // The first build: workspace sources, starters in packages/tools/starters.
    ['efda33e', []],
    // The shared packages' sources in the project, a Python starter, jwt-auth's test/ helper.
    ['c68c9bf', []],
    // starters.json was packed by that build's own code from the starters: no file to find it in.
    ['3e65f77', ['packages/tools/starters.json']],
    // Vendored tarballs: 0.1.0's @edge-app/events is byte for byte what this build packed; the
    // other two were packed from sources that changed before the release.
    ['c92c7b5', ['vendor/edge-app-runtime-0.1.0.tgz', 'vendor/edge-app-tools-0.1.0.tgz']],
  ])('finds every file the build of %s generated, as it generated it', (commit, unmatched) => {
    const fixture = record(commit);
    const base = rebuild(fixture);
    const missing = Object.keys(fixture.files).filter((path) => !base.has(path));
    expect(missing).toEqual(unmatched);
    for (const [path, file] of base) {
      expect(file.sha256, path).toBe(fixture.files[path]);
      if (file.bytes) expect(sha256(file.bytes), path).toBe(fixture.files[path]);
    }
  });

  it('renders earlier versions of the files rendering edits, as their build packed them', () => {
    const fixture = record('c92c7b5');
    const base = rebuild(fixture);
    const manifest = JSON.parse(base.get('package.json')!.bytes!.toString());
    expect(manifest.name).toBe(fixture.answers.projectName);
    expect(manifest.devDependencies['@edge-app/tools']).toBe('0.1.0');
    expect(base.get('edge.config.ts')?.bytes?.toString()).toContain(
      "'viewer-request': 'viewer-request'",
    );
    expect(
      JSON.parse(base.get('packages/viewer-request/package.json')!.bytes!.toString()).name,
    ).toBe('viewer-request');
    // 0.1.0's @edge-app/events tarball is known by its hash alone.
    expect(base.get('vendor/edge-app-events-0.1.0.tgz')).toEqual({
      sha256: fixture.files['vendor/edge-app-events-0.1.0.tgz'],
      executable: false,
    });
  });

  it('takes nothing that does not hash as recorded', () => {
    const fixture = record('c92c7b5');
    const edited = { ...fixture.files, 'README.md': sha256('# an edited README\n') };
    const base = rebuildBase({
      recorded: new Map(Object.entries(edited)),
      projectName: fixture.answers.projectName,
      functions: fixture.answers.functions,
      own,
      history,
    });
    expect(base.has('README.md')).toBe(false);
    expect(base.has('package.json')).toBe(true);
  });
});
