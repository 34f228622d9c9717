/**
 * The releases' migrations on projects as earlier builds generated them: each project is put
 * back together from its record (test/fixtures/records/) and the template history, committed,
 * edited by its owner, and upgraded by the built CLI (its version is the release the
 * migrations are declared for; run from source it is a dev version), without install.
 */
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/hash.ts';
import { loadTemplate } from '../../src/template/template.ts';
import { rebuildBase } from '../../src/upgrade/base/rebuild.ts';
import { loadHistory } from '../../src/upgrade/history/archive.ts';
import { followMoves } from '../../src/upgrade/migrations/imports.ts';
import type { ProjectRecord } from '../../src/upgrade/record.ts';
import { BIN, GIT_IDENTITY } from '../e2e/helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';
import { commitAll, git } from './fixtures.ts';

const RECORDS = join(import.meta.dirname, '..', 'fixtures', 'records');

/** The project the build of `commit` generated, as its record and the history say. */
function projectOf(commit: string): string {
  const record = JSON.parse(readFileSync(join(RECORDS, `${commit}.json`), 'utf8')) as ProjectRecord;
  const base = rebuildBase({
    recorded: new Map(Object.entries(record.files)),
    projectName: record.answers.projectName,
    functions: record.answers.functions,
    own: loadTemplate(),
    history: loadHistory(),
  });
  const root = join(tempDir(), record.answers.projectName);
  for (const path of Object.keys(record.files)) {
    // Tarballs the history keeps no bytes of: other bytes stand in, recorded as such.
    const bytes = base.get(path)?.bytes ?? Buffer.from(`\x1f\x8b stand-in for ${path}`);
    record.files[path] = sha256(bytes);
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  writeFileSync(join(root, '.edge-app.json'), `${JSON.stringify(record, null, 2)}\n`);
  git(root, 'init', '-q');
  commitAll(root, 'generated');
  return root;
}

async function upgrade(root: string) {
  const result = await execa('node', [BIN, 'upgrade', '--yes', '--no-install'], {
    cwd: root,
    stdin: 'ignore',
    reject: false,
    timeout: 120_000,
    env: GIT_IDENTITY,
  });
  return { code: result.exitCode, out: result.stdout, err: result.stderr };
}

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const OWNER_TEST =
  "\ndescribe('owner', () => {\n  it('knows the issuer', () => expect(ISSUER).toBeTruthy());\n});\n";

describe('migrations', () => {
  it("moves the tests of a TypeScript function to src/ with the owner's edits, and follows imports", async () => {
    const root = projectOf('c92c7b5');
    // A test the owner extended, one of their own that imports the test helper, and a test
    // they deleted.
    // Before the refusals, lines the template's later changes leave alone.
    const test = read(root, 'packages/viewer-request/test/index.test.ts');
    const at = test.indexOf("describe('jwt-auth: refusals'");
    writeFileSync(
      join(root, 'packages/viewer-request/test/index.test.ts'),
      `${test.slice(0, at)}${OWNER_TEST.slice(1)}\n${test.slice(at)}`,
    );
    writeFileSync(
      join(root, 'packages/viewer-request/test/expired.test.ts'),
      "import { ISSUER } from './tokens.ts';\n\nexport const issuer = ISSUER;\n",
    );
    unlinkSync(join(root, 'packages/viewer-response/test/index.test.ts'));
    commitAll(root, 'owner edits');

    const result = await upgrade(root);
    expect(result.err).toBe('');
    expect(result.code, result.out).toBe(0);
    // The file moves with the owner's edits, merged with what the template changed in it since.
    expect(result.out).toMatch(
      /merge-clean +packages\/viewer-request\/src\/index\.test\.ts {2}\(moved from packages\/viewer-request\/test\/index\.test\.ts; your edits merged with the template changes\)/,
    );
    expect(result.out).toMatch(
      / +packages\/viewer-request\/src\/test-tokens\.ts {2}\(moved from packages\/viewer-request\/test\/tokens\.ts/,
    );

    // The edited test is where the template has it, with the owner's lines and the template's.
    const moved = read(root, 'packages/viewer-request/src/index.test.ts');
    expect(moved).toContain(OWNER_TEST);
    expect(moved).toContain("from './test-tokens.ts'");
    expect(moved).toContain("from './authorizer.ts'");
    for (const old of ['index.test.ts', 'jwks-script.test.ts', 'tokens.ts']) {
      expect(existsSync(join(root, 'packages/viewer-request/test', old)), old).toBe(false);
    }
    expect(existsSync(join(root, 'packages/viewer-request/src/test-tokens.ts'))).toBe(true);
    expect(existsSync(join(root, 'packages/viewer-request/src/jwks-script.test.ts'))).toBe(true);
    // The owner's own test follows the helper it imports.
    expect(read(root, 'packages/viewer-request/test/expired.test.ts')).toContain(
      "from '../src/test-tokens.ts'",
    );
    // A test the owner deleted does not come back at its new path.
    expect(existsSync(join(root, 'packages/viewer-response/src/index.test.ts'))).toBe(false);
    expect(existsSync(join(root, 'packages/viewer-response/test/index.test.ts'))).toBe(false);
    // Python functions keep their tests in test/.
    expect(existsSync(join(root, 'packages/origin-response/test/index.test.ts'))).toBe(true);
    // The pre-release tarballs are replaced by this release's.
    expect(existsSync(join(root, 'vendor/edge-app-tools-0.1.0.tgz'))).toBe(false);
    const record = JSON.parse(read(root, '.edge-app.json')) as ProjectRecord;
    expect(Object.keys(record.files).filter((path) => path.startsWith('vendor/'))).toEqual(
      loadTemplate()
        .packages.map((pkg) => pkg.path)
        .sort(),
    );
    expect(record.files['packages/viewer-response/src/index.test.ts']).toBeDefined();
  });

  it('removes the shared packages of the earliest builds, and reports one that still holds edits', async () => {
    const root = projectOf('c68c9bf');
    writeFileSync(
      join(root, 'packages/runtime/src/index.ts'),
      `${read(root, 'packages/runtime/src/index.ts')}// patched by the owner\n`,
    );
    commitAll(root, 'owner edits');

    const result = await upgrade(root);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /keep +packages\/runtime\/src\/index\.ts {2}\(removed from the template: @edge-app\/runtime is installed from its tarball in vendor\//,
    );
    expect(result.out).toContain(
      'note: packages/runtime/ was removed from the template, but it still holds files you edited (src/index.ts)',
    );
    expect(read(root, 'packages/runtime/src/index.ts')).toContain('// patched by the owner');
    expect(existsSync(join(root, 'packages/runtime/package.json'))).toBe(false);
    expect(existsSync(join(root, 'packages/events'))).toBe(false);
    expect(existsSync(join(root, 'packages/tools'))).toBe(false);
    const manifest = JSON.parse(read(root, 'package.json'));
    expect(manifest.devDependencies['@edge-app/tools']).toBe(
      loadTemplate().packages.find((pkg) => pkg.name === '@edge-app/tools')?.version,
    );
    expect(read(root, 'pnpm-workspace.yaml')).toContain("'@edge-app/tools': 'file:vendor/");
  });
});

describe('followMoves', () => {
  const moves = new Map([['pkg/test/tokens.ts', 'pkg/src/test-tokens.ts']]);
  const files = new Set(['pkg/test/tokens.ts', 'pkg/src/index.ts', 'pkg/test/a.test.ts']);
  const exists = (path: string) => files.has(path);

  it('re-points relative references to a moved file, in the spelling they had', () => {
    const text = [
      "import { a } from './tokens.ts';",
      "import { b } from './tokens.js';",
      "const c = await import('./tokens');",
      "vi.mock('../test/tokens.ts');",
      "import { d } from '../src/index.ts';",
      "const url = './not-a-file.ts';",
    ].join('\n');
    expect(followMoves(text, 'pkg/test/a.test.ts', 'pkg/test/a.test.ts', moves, exists)).toBe(
      [
        "import { a } from '../src/test-tokens.ts';",
        "import { b } from '../src/test-tokens.js';",
        "const c = await import('../src/test-tokens');",
        "vi.mock('../src/test-tokens.ts');",
        "import { d } from '../src/index.ts';",
        "const url = './not-a-file.ts';",
      ].join('\n'),
    );
  });

  it('re-points the relative references of a file that moved itself', () => {
    const text =
      "import { d } from '../src/index.ts';\nnew URL('../src/index.ts', import.meta.url);\n";
    expect(followMoves(text, 'pkg/src/a.test.ts', 'pkg/test/a.test.ts', moves, exists)).toBe(
      "import { d } from './index.ts';\nnew URL('./index.ts', import.meta.url);\n",
    );
  });
});
