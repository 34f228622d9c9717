/**
 * `create-edge-app upgrade` as a user runs it, with the BUILT CLI: a project is generated
 * (no install), committed, and edited by its owner; a newer release is simulated by a
 * changed copy of the CLI's own template pack (dist/template.json and the vendored tarballs
 * beside it), handed to the CLI through its test hook. The owner's edits must survive, the
 * template's changes arrive, and a real conflict is marked inline and reported with exit
 * code 1. (test/e2e/upgrade-release.test.ts upgrades a project of the real 0.1.0 release.)
 */
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/hash.ts';
import { TEMPLATE_FILE, type Template } from '../../src/template/template.ts';
import { TEMPLATE_OVERRIDE_ENV } from '../../src/upgrade/command.ts';
import { tempDir } from '../helpers/temp.ts';
import { assertBuilt, BIN, DIST_DIR, GIT_IDENTITY } from './helpers/cli.ts';
import { KEYS, startPty } from './helpers/pty.ts';

beforeAll(assertBuilt);

/** A starter file in the template; the CLI renders functions from it. */
const STARTER = 'viewer-request/blank/ts/src/index.ts';
/** The @edge-app/* packages come as tarballs: a new release replaces them whole. */
const TOOLS_TARBALL_V2 = 'vendor/edge-app-tools-9.0.0-0123456789.tgz';
const HANDLER = 'packages/viewer-request/src/index.ts';
const OWNER_LINE = "  request.headers['x-owner'] = [{ key: 'X-Owner', value: 'yes' }];\n";
const STARTER_V2 = ' * Runs on every viewer request (starter v2),';
const RIGHT_ARROW = '\x1b[C';
/** The next release's build of @edge-app/tools (any other bytes do: it is compared, not run). */
const TOOLS_V2 = gzipSync(Buffer.from('@edge-app/tools v2\n'));

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa('node', [BIN, ...args], {
    cwd,
    stdin: 'ignore',
    reject: false,
    timeout: 120_000,
    env: { ...GIT_IDENTITY, ...env },
  });
}

function git(cwd: string, ...args: string[]) {
  return execa('git', args, { cwd, env: GIT_IDENTITY });
}

/**
 * The next release's template, as build.mjs stores it (template.json, the tarballs it names
 * beside it): the current one with a change of each kind, written into `dir`.
 */
function writeNewerTemplate(dir: string): { toolsTarball: string } {
  const template = JSON.parse(readFileSync(join(DIST_DIR, TEMPLATE_FILE), 'utf8')) as Template;
  const edit = (files: Template['workspace'], path: string, from: string, to: string) => {
    const file = files[path];
    if (!file?.content.includes(from)) throw new Error(`${path} has no "${from}" to change`);
    file.content = file.content.replace(from, to);
  };
  edit(template.starters, STARTER, ' * Runs on every viewer request,', STARTER_V2);
  edit(template.workspace, 'edge.config.ts', 'defaultTTL: 86400', 'defaultTTL: 3600');
  edit(template.workspace, 'vitest.config.ts', '\n', '\n// v2\n');
  edit(template.workspace, 'plopfile.mjs', '\n', '\n// v2\n');
  template.workspace['docs/UPGRADING.md'] = { content: '# Upgrading\n' };
  if (!template.workspace['public/index.html']) throw new Error('no public/index.html');
  delete template.workspace['public/index.html'];
  const tools = template.packages.find((pkg) => pkg.name === '@edge-app/tools')!;
  const toolsTarball = tools.path;
  edit(template.workspace, 'pnpm-workspace.yaml', toolsTarball, TOOLS_TARBALL_V2);
  tools.path = TOOLS_TARBALL_V2;
  mkdirSync(join(dir, 'vendor'), { recursive: true });
  for (const pkg of template.packages) {
    const bytes = pkg === tools ? TOOLS_V2 : readFileSync(join(DIST_DIR, pkg.path));
    writeFileSync(join(dir, pkg.path), bytes);
  }
  writeFileSync(join(dir, TEMPLATE_FILE), JSON.stringify(template));
  return { toolsTarball };
}

async function ownedProject() {
  const cwd = tempDir('cea-upgrade-');
  const created = await run(
    ['shop', '--yes', '--no-install', '--no-git', '-t', 'viewer-request'],
    cwd,
  );
  expect(created.exitCode, created.stderr).toBe(0);
  const project = join(cwd, 'shop');
  await git(project, 'init', '-q');
  await git(project, 'add', '-A');
  await git(project, 'commit', '-q', '-m', 'generated');
  // The owner's edits: a header in the handler, a shorter TTL, and one file they do not want.
  const handler = readFileSync(join(project, HANDLER), 'utf8');
  writeFileSync(
    join(project, HANDLER),
    handler.replace('  return request;\n', `${OWNER_LINE}  return request;\n`),
  );
  const config = readFileSync(join(project, 'edge.config.ts'), 'utf8');
  writeFileSync(
    join(project, 'edge.config.ts'),
    config.replace('defaultTTL: 86400', 'defaultTTL: 600'),
  );
  unlinkSync(join(project, 'plopfile.mjs'));
  await git(project, 'commit', '-q', '-a', '-m', 'owner edits');
  const next = join(cwd, 'next');
  const { toolsTarball } = writeNewerTemplate(next);
  return { project, toolsTarball, env: { [TEMPLATE_OVERRIDE_ENV]: join(next, TEMPLATE_FILE) } };
}

const read = (project: string, path: string) => readFileSync(join(project, path), 'utf8');

describe('create-edge-app upgrade (built CLI)', () => {
  it('plans with --dry-run and --check without changing anything', async () => {
    const { project, env, toolsTarball } = await ownedProject();
    const check = await run(['upgrade', '--check'], project, env);
    expect(check.stderr).toBe('');
    expect(check.exitCode).toBe(2);
    const dry = await run(['upgrade', project, '--dry-run'], '/', env);
    expect(dry.exitCode).toBe(0);
    const plan = (action: string, path: string) =>
      new RegExp(`^  ${action} +${path.replace(/\./g, '\\.')}  \\(`, 'm');
    expect(dry.stdout).toMatch(plan('add', 'docs/UPGRADING.md'));
    expect(dry.stdout).toMatch(plan('update', 'vitest.config.ts'));
    expect(dry.stdout).toMatch(plan('remove', toolsTarball));
    expect(dry.stdout).toMatch(plan('add', TOOLS_TARBALL_V2));
    expect(dry.stdout).toMatch(plan('update', 'pnpm-workspace.yaml'));
    expect(dry.stdout).not.toMatch(/vendor\/edge-app-(events|runtime)/);
    expect(dry.stdout).toMatch(plan('remove', 'public/index.html'));
    expect(dry.stdout).toMatch(plan('merge-clean', HANDLER));
    expect(dry.stdout).toMatch(plan('conflict', 'edge.config.ts'));
    expect(dry.stdout).toMatch(plan('keep', 'plopfile.mjs'));
    expect(dry.stdout).toContain('Dry run: nothing was changed.');
    expect((await git(project, 'status', '--porcelain')).stdout).toBe('');
  });

  it("keeps the owner's edits, brings the template's, and marks the conflict", async () => {
    const { project, env } = await ownedProject();
    writeFileSync(join(project, 'scratch.txt'), 'uncommitted\n');
    const dirty = await run(['upgrade'], project, env);
    expect(dirty.exitCode).toBe(1);
    expect(dirty.stderr).toContain('uncommitted changes (scratch.txt)');
    unlinkSync(join(project, 'scratch.txt'));

    const upgraded = await run(['upgrade', '--yes'], project, env);
    expect(upgraded.stderr).toBe('');
    expect(upgraded.exitCode).toBe(1);
    expect(upgraded.stdout).toContain('Conflicts in 1 file(s)');
    expect(upgraded.stdout).toContain('  edge.config.ts (1 conflict)');

    const handler = read(project, HANDLER);
    expect(handler).toContain(OWNER_LINE);
    expect(handler).toContain(STARTER_V2);
    const config = read(project, 'edge.config.ts');
    expect(config).toMatch(
      /<<<<<<< your version\n.*defaultTTL: 600.*\n=======\n.*defaultTTL: 3600.*\n>>>>>>> create-edge-app [^\n]+ template\n/,
    );
    expect(config).toContain("'viewer-request': 'viewer-request',");
    // Unmerged in git's index, so that a commit cannot take the markers along unnoticed.
    expect((await git(project, 'status', '--porcelain')).stdout).toContain('UU edge.config.ts');
    expect(read(project, 'vitest.config.ts')).toContain('// v2');
    expect(readFileSync(join(project, TOOLS_TARBALL_V2)).equals(TOOLS_V2)).toBe(true);
    expect(read(project, 'docs/UPGRADING.md')).toBe('# Upgrading\n');
    expect(existsSync(join(project, 'public/index.html'))).toBe(false);
    expect(existsSync(join(project, 'plopfile.mjs'))).toBe(false);

    // The record holds the new template's hashes: files as the template renders them, for the
    // merged ones too (the conflicted edge.config.ts, the handler with the owner's line).
    const record = JSON.parse(read(project, '.edge-app.json'));
    const merged = ['plopfile.mjs', 'edge.config.ts', HANDLER];
    for (const [path, hash] of Object.entries(record.files as Record<string, string>)) {
      if (merged.includes(path)) continue;
      expect(sha256(readFileSync(join(project, path))), path).toBe(hash);
    }
    expect(record.files[HANDLER]).not.toBe(sha256(read(project, HANDLER)));
    expect(record.files['plopfile.mjs']).toBeDefined(); // deleted by the owner, remembered as such
    expect(record.files['public/index.html']).toBeUndefined();

    // Resolved and committed, the project is up to date with that template.
    writeFileSync(
      join(project, 'edge.config.ts'),
      config.replace(
        /<<<<<<< [\s\S]*?>>>>>>> [^\n]*\n/,
        "    cache: { defaultTTL: 600, queryStrings: 'none' },\n",
      ),
    );
    await git(project, 'add', '-A');
    await git(project, 'commit', '-q', '-m', 'upgrade');
    const check = await run(['upgrade', '--check'], project, env);
    expect(check.stdout).toContain('nothing to change');
    expect(check.exitCode).toBe(0);
    expect(read(project, 'edge.config.ts')).toContain('defaultTTL: 600');
  });

  it('asks before applying in a terminal, and a no changes nothing', async () => {
    const { project, env } = await ownedProject();
    const session = startPty(['node', BIN, 'upgrade'], project, {
      env: { ...GIT_IDENTITY, ...env },
    });
    await session.waitFor(
      'Apply the upgrade (2 add, 2 update, 2 remove, 1 merge-clean, 1 conflict, 1 keep)?',
    );
    session.send(RIGHT_ARROW); // from Yes to No
    session.send(KEYS.enter);
    expect(await session.exit).toBe(0);
    expect(session.screen()).toContain('Cancelled; nothing was changed.');
    expect((await git(project, 'status', '--porcelain', '--untracked-files=all')).stdout).toBe('');
  });

  it('says plainly when the directory is not a generated project', async () => {
    const result = await run(['upgrade'], tempDir());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('is not inside a project generated by create-edge-app');
  });
});
